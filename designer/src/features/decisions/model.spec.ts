import { DmnModdle } from 'dmn-moddle';
import { describe, expect, it } from 'vitest';
import { decisionsOf, owningDrgElement, sampleVariables, variablePath, type DmnElement } from './model';

// A graph as Camunda Modeler writes it: "Zuständigkeit" requires the decision "Bezirk" and the input data "Antrag".
const graph = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Zustaendigkeit_Def" name="Zuständigkeit" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="Zustaendigkeit" name="Zuständigkeit">
    <informationRequirement id="IR_1"><requiredDecision href="#Bezirk" /></informationRequirement>
    <informationRequirement id="IR_2"><requiredInput href="#Antrag" /></informationRequirement>
    <decisionTable id="Table_Z">
      <input id="In_Z1" label="Bezirk"><inputExpression id="Expr_Z1" typeRef="string"><text>Bezirk</text></inputExpression></input>
      <input id="In_Z2" label="Betrag"><inputExpression id="Expr_Z2" typeRef="number"><text>antrag.betrag</text></inputExpression></input>
      <input id="In_Z3" label="Eilig"><inputExpression id="Expr_Z3" typeRef="boolean"><text>antrag.eilig</text></inputExpression></input>
      <input id="In_Z4" label="Alter in Tagen"><inputExpression id="Expr_Z4" typeRef="number"><text>today() - antrag.eingang</text></inputExpression></input>
      <output id="Out_Z" name="amt" typeRef="string" />
      <rule id="Rule_Z1">
        <inputEntry id="Cell_Z1_1"><text>"Mitte"</text></inputEntry>
        <inputEntry id="Cell_Z1_2"><text>&lt; 1000</text></inputEntry>
        <inputEntry id="Cell_Z1_3"><text>-</text></inputEntry>
        <inputEntry id="Cell_Z1_4"><text>-</text></inputEntry>
        <outputEntry id="Cell_Z1_5"><text>"Bürgeramt Mitte"</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
  <decision id="Bezirk" name="Bezirk">
    <variable id="Var_Bezirk" name="Bezirk" typeRef="string" />
    <literalExpression id="Lit_Bezirk"><text>if plz &lt; 20000 then "Mitte" else "Nord"</text></literalExpression>
  </decision>
  <inputData id="Antrag" name="Antrag">
    <variable id="Var_Antrag" name="antrag" typeRef="Antrag" />
  </inputData>
  <inputData id="Stichtag" name="stichtag">
    <variable id="Var_Stichtag" name="stichtag" typeRef="date" />
  </inputData>
</definitions>`;

async function definitions(): Promise<DmnElement> {
  const { rootElement } = await DmnModdle().fromXML(graph, 'dmn:Definitions');
  return rootElement as DmnElement;
}

describe('decisions of a graph', () => {
  it('lists each decision with its kind, inputs and requirements, in the order of the file', async () => {
    const decisions = decisionsOf(await definitions());

    expect(decisions.map((decision) => [decision.id, decision.kind])).toEqual([
      ['Zustaendigkeit', 'decisionTable'],
      ['Bezirk', 'literalExpression'],
    ]);
    expect(decisions[0]?.requiredDecisions).toEqual(['Bezirk']);
    expect(decisions[0]?.requiredInputs).toEqual(['Antrag']);
    expect(decisions[0]?.inputs.map((input) => input.expression)).toEqual([
      'Bezirk',
      'antrag.betrag',
      'antrag.eilig',
      'today() - antrag.eingang',
    ]);
    expect(decisions[1]?.inputs).toEqual([]);
  });

  it('is empty without definitions', () => {
    expect(decisionsOf(undefined)).toEqual([]);
  });
});

describe('sample inputs', () => {
  it('nests paths, types the values, leaves computed expressions out and does not overwrite a required input', async () => {
    const sample = sampleVariables(await definitions(), 'Zustaendigkeit');

    // "Bezirk" is both an input column and a required decision's result; the sample offers it, which is harmless.
    expect(sample).toEqual({ Bezirk: '', antrag: { betrag: 0, eilig: false } });
  });

  it('is empty for an unknown decision', async () => {
    expect(sampleVariables(await definitions(), 'Unbekannt')).toEqual({});
  });
});

describe('variable paths', () => {
  it('reads names and dotted paths, not expressions or literals', () => {
    expect(variablePath('alter')).toEqual(['alter']);
    expect(variablePath(' antrag.betrag ')).toEqual(['antrag', 'betrag']);
    expect(variablePath('größe')).toEqual(['größe']);
    expect(variablePath('alter + 1')).toBeUndefined();
    expect(variablePath('"text"')).toBeUndefined();
    expect(variablePath('true')).toBeUndefined();
    expect(variablePath('')).toBeUndefined();
  });
});

describe('owning element', () => {
  it('finds the decision of a cell, a rule, a column and of the decision itself', async () => {
    const root = await definitions();

    expect(owningDrgElement(root, 'Cell_Z1_2')?.id).toBe('Zustaendigkeit');
    expect(owningDrgElement(root, 'Rule_Z1')?.id).toBe('Zustaendigkeit');
    expect(owningDrgElement(root, 'In_Z2')?.id).toBe('Zustaendigkeit');
    expect(owningDrgElement(root, 'Lit_Bezirk')?.id).toBe('Bezirk');
    expect(owningDrgElement(root, 'Antrag')?.id).toBe('Antrag');
    expect(owningDrgElement(root, 'Nirgends')).toBeUndefined();
  });
});
