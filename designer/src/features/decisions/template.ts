import { executionPlatform, executionPlatformVersion, randomIdSuffix } from '../../shared/camunda-platform';

/** DMN 1.3, the version Camunda Modeler 5 writes for Camunda 8. */
export const dmnNamespaces = {
  model: 'https://www.omg.org/spec/DMN/20191111/MODEL/',
  dmndi: 'https://www.omg.org/spec/DMN/20191111/DMNDI/',
  dc: 'http://www.omg.org/spec/DMN/20180521/DC/',
  modeler: 'http://camunda.org/schema/modeler/1.0',
} as const;

interface FeeRule {
  readonly document: string;
  readonly age: string;
  readonly fee: string;
  readonly note: string;
}

// The fees for identity documents since 2025 (PAuswGebV, PassV): a start that shows every part of a table.
const feeRules: readonly FeeRule[] = [
  { document: '"Personalausweis"', age: '< 24', fee: '22.80', note: 'Unter 24 Jahren' },
  { document: '"Personalausweis"', age: '>= 24', fee: '37.00', note: '' },
  { document: '"Reisepass"', age: '< 24', fee: '37.50', note: 'Unter 24 Jahren' },
  { document: '"Reisepass"', age: '>= 24', fee: '70.00', note: '' },
];

/**
 * A new decision graph with one decision table "Gebühr": the fee for an identity document by its kind and the
 * applicant's age. Marked as a Camunda 8 file, so that Camunda Modeler opens it the same way.
 */
export function newDecisionXml(random: () => number = Math.random): string {
  const suffix = randomIdSuffix(random);
  const rules = feeRules
    .map(
      (rule, index) => `      <rule id="Rule_${suffix}_${index + 1}">${
        rule.note
          ? `
        <description>${rule.note}</description>`
          : ''
      }
        <inputEntry id="InputEntry_${suffix}_${index + 1}_1">
          <text>${escapeXml(rule.document)}</text>
        </inputEntry>
        <inputEntry id="InputEntry_${suffix}_${index + 1}_2">
          <text>${escapeXml(rule.age)}</text>
        </inputEntry>
        <outputEntry id="OutputEntry_${suffix}_${index + 1}_1">
          <text>${rule.fee}</text>
        </outputEntry>
      </rule>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="${dmnNamespaces.model}" xmlns:dmndi="${dmnNamespaces.dmndi}" xmlns:dc="${dmnNamespaces.dc}" xmlns:modeler="${dmnNamespaces.modeler}" id="Gebuehren_${suffix}" name="Gebühren" namespace="http://camunda.org/schema/1.0/dmn" exporter="ProzessEngine Designer" exporterVersion="0.1.0" modeler:executionPlatform="${executionPlatform}" modeler:executionPlatformVersion="${executionPlatformVersion}">
  <decision id="Gebuehr_${suffix}" name="Gebühr">
    <decisionTable id="DecisionTable_${suffix}" hitPolicy="UNIQUE">
      <input id="Input_${suffix}_1" label="Dokument">
        <inputExpression id="InputExpression_${suffix}_1" typeRef="string">
          <text>dokument</text>
        </inputExpression>
      </input>
      <input id="Input_${suffix}_2" label="Alter">
        <inputExpression id="InputExpression_${suffix}_2" typeRef="number">
          <text>alter</text>
        </inputExpression>
      </input>
      <output id="Output_${suffix}_1" label="Gebühr (€)" name="gebuehr" typeRef="number" />
${rules}
    </decisionTable>
  </decision>
  <dmndi:DMNDI>
    <dmndi:DMNDiagram id="DMNDiagram_${suffix}">
      <dmndi:DMNShape id="DMNShape_${suffix}" dmnElementRef="Gebuehr_${suffix}">
        <dc:Bounds height="80" width="180" x="160" y="100" />
      </dmndi:DMNShape>
    </dmndi:DMNDiagram>
  </dmndi:DMNDI>
</definitions>
`;
}

/** The file name a graph is deployed and downloaded as. */
export function dmnFileName(definitionsId: string): string {
  const safe = definitionsId.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${safe || 'entscheidung'}.dmn`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
