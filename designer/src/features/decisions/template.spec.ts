import { DmnModdle } from 'dmn-moddle';
import { describe, expect, it } from 'vitest';
import { decisionsOf, sampleVariables, type DmnElement } from './model';
import { dmnFileName, dmnNamespaces, newDecisionXml } from './template';

async function parse(xml: string): Promise<{ definitions: DmnElement; warnings: readonly unknown[] }> {
  const { rootElement, warnings } = await DmnModdle().fromXML(xml, 'dmn:Definitions');
  return { definitions: rootElement as DmnElement, warnings };
}

describe('new decision diagram', () => {
  it('parses as DMN 1.3 without warnings, marked as a Camunda 8 file', async () => {
    const xml = newDecisionXml();
    const { definitions, warnings } = await parse(xml);

    expect(warnings).toEqual([]);
    expect(xml).toContain(`xmlns="${dmnNamespaces.model}"`);
    const attrs = definitions['$attrs'] as Record<string, string>;
    expect(attrs['modeler:executionPlatform']).toBe('Camunda Cloud');
    expect(definitions.name).toBe('Gebühren');
  });

  it('holds the fee table "Gebühr" with two inputs, one output and four unique rules', async () => {
    const { definitions } = await parse(newDecisionXml(() => 0));

    const [decision] = decisionsOf(definitions);
    expect(decision).toMatchObject({ id: 'Gebuehr_aaaaaaa', name: 'Gebühr', kind: 'decisionTable' });
    expect(decision?.inputs.map((input) => [input.label, input.expression, input.typeRef])).toEqual([
      ['Dokument', 'dokument', 'string'],
      ['Alter', 'alter', 'number'],
    ]);
    const table = (definitions['drgElement'] as DmnElement[])[0]?.['decisionLogic'] as DmnElement;
    expect(table['hitPolicy']).toBe('UNIQUE');
    const rules = table['rule'] as DmnElement[];
    expect(rules.map((rule) => (rule['inputEntry'] as { text: string }[]).map((entry) => entry.text))).toEqual([
      ['"Personalausweis"', '< 24'],
      ['"Personalausweis"', '>= 24'],
      ['"Reisepass"', '< 24'],
      ['"Reisepass"', '>= 24'],
    ]);
    expect(rules.map((rule) => (rule['outputEntry'] as { text: string }[])[0]?.text)).toEqual([
      '22.80',
      '37.00',
      '37.50',
      '70.00',
    ]);
  });

  it('offers sample inputs named after the input columns', async () => {
    const { definitions } = await parse(newDecisionXml(() => 0));

    expect(sampleVariables(definitions, 'Gebuehr_aaaaaaa')).toEqual({ dokument: '', alter: 0 });
  });

  it('gets new ids each time, so that two new diagrams do not overwrite each other', () => {
    expect(newDecisionXml()).not.toBe(newDecisionXml());
  });
});

describe('file name', () => {
  it('is the definitions id with .dmn, without characters a file system refuses', () => {
    expect(dmnFileName('Gebuehren_1')).toBe('Gebuehren_1.dmn');
    expect(dmnFileName('a/b c')).toBe('a_b_c.dmn');
    expect(dmnFileName('')).toBe('entscheidung.dmn');
  });
});
