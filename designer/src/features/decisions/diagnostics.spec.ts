import { DmnModdle } from 'dmn-moddle';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api';
import { deploymentDiagnostics } from './diagnostics';
import type { DmnElement } from './model';
import { newDecisionXml } from './template';

async function feeTable(): Promise<DmnElement> {
  const { rootElement } = await DmnModdle().fromXML(
    newDecisionXml(() => 0),
    'dmn:Definitions',
  );
  return rootElement as DmnElement;
}

const badDeployment = new ApiError(400, {
  title: 'Die Datei ist kein gültiges DMN.',
  errors: [
    {
      resource: 'Gebuehren.dmn',
      elementId: 'InputEntry_aaaaaaa_2_2',
      message: "FEEL syntax error in rule 2, input 'Alter': unexpected '>>'",
      line: 31,
      column: 17,
    },
    { resource: 'Gebuehren.dmn', elementId: 'Gebuehr_aaaaaaa', message: "unknown typeRef 'geld'", line: 3, column: 3 },
    { resource: 'Gebuehren.dmn', message: 'requirement cycle: A -> B -> A' },
  ],
});

describe('deployment diagnostics', () => {
  it('keeps element, line and column of each problem and names the decision that holds the element', async () => {
    const diagnostics = deploymentDiagnostics(badDeployment, await feeTable());

    expect(diagnostics).toEqual([
      {
        message: "FEEL syntax error in rule 2, input 'Alter': unexpected '>>'",
        elementId: 'InputEntry_aaaaaaa_2_2',
        line: 31,
        column: 17,
        drgElementId: 'Gebuehr_aaaaaaa',
        drgElementName: 'Gebühr',
      },
      {
        message: "unknown typeRef 'geld'",
        elementId: 'Gebuehr_aaaaaaa',
        line: 3,
        column: 3,
        drgElementId: 'Gebuehr_aaaaaaa',
        drgElementName: 'Gebühr',
      },
      { message: 'requirement cycle: A -> B -> A' },
    ]);
  });

  it('keeps a problem whose element is not in the diagram on screen', async () => {
    const diagnostics = deploymentDiagnostics(
      new ApiError(400, { errors: [{ elementId: 'Anderswo', message: 'kaputt' }] }),
      await feeTable(),
    );

    expect(diagnostics).toEqual([{ elementId: 'Anderswo', message: 'kaputt' }]);
  });

  it('gives none for failures that are not a refused model', async () => {
    const definitions = await feeTable();

    expect(deploymentDiagnostics(new ApiError(403, { title: 'Verboten' }), definitions)).toEqual([]);
    expect(deploymentDiagnostics(new ApiError(0, { title: 'Netz' }), definitions)).toEqual([]);
    expect(deploymentDiagnostics(new Error('boom'), definitions)).toEqual([]);
  });
});
