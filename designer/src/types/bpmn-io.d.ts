// These bpmn.io packages ship JavaScript without type declarations; we declare only what we use.

declare module 'bpmn-js-properties-panel' {
  import type { ModuleDeclaration } from 'didi';

  export const BpmnPropertiesPanelModule: ModuleDeclaration;
  export const BpmnPropertiesProviderModule: ModuleDeclaration;
  export const ZeebePropertiesProviderModule: ModuleDeclaration;
}

declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  import type { ModuleDeclaration } from 'didi';

  const ZeebeBehaviorsModule: ModuleDeclaration;
  export default ZeebeBehaviorsModule;
}

declare module 'bpmn-moddle' {
  export interface ParseResult {
    readonly rootElement: unknown;
    readonly warnings: readonly unknown[];
  }

  export interface Moddle {
    fromXML(xml: string): Promise<ParseResult>;
  }

  /** bpmn-moddle 10 exports a factory, not a class. */
  export function BpmnModdle(packages?: Record<string, unknown>): Moddle;
}

declare module 'bpmn-js-element-templates' {
  import type { ModuleDeclaration } from 'didi';

  /** Camunda 8 (Zeebe) element templates in the properties panel. */
  export const CloudElementTemplatesPropertiesProviderModule: ModuleDeclaration;
  /** The same without the properties panel: the templates service, its commands and behaviours. */
  export const CloudElementTemplatesCoreModule: ModuleDeclaration;
}
