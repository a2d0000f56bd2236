// What the four-eyes group of the modeler uses from the bpmn.io properties panel (which ships no type declarations).

declare module '@bpmn-io/properties-panel' {
  export const TextFieldEntry: (props: Record<string, unknown>) => unknown;
  export const Group: (props: Record<string, unknown>) => unknown;
  export function isTextFieldEntryEdited(node: unknown): boolean;
}

declare module 'bpmn-js-properties-panel' {
  /** A diagram-js service inside a properties-panel component (a preact hook). */
  export function useService<T = unknown>(name: string): T;
}
