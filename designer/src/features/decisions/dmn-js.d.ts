// dmn-js ships JavaScript without type declarations; we declare only what the Decisions page uses.

declare module 'dmn-js/lib/Modeler' {
  import type { ModuleDeclaration } from 'didi';

  export interface DmnView {
    readonly id: string;
    readonly name?: string;
    readonly type: 'drd' | 'decisionTable' | 'literalExpression' | 'boxedExpression';
    readonly element: { readonly $type: string; readonly id?: string; readonly name?: string };
  }

  export interface DmnViewer {
    get<T = unknown>(name: string): T;
    on(event: string, callback: (event: unknown) => void): void;
  }

  export interface ViewOptions {
    readonly additionalModules?: readonly ModuleDeclaration[];
    readonly [option: string]: unknown;
  }

  export interface DmnModelerOptions {
    readonly container?: HTMLElement;
    readonly width?: string | number;
    readonly height?: string | number;
    readonly common?: ViewOptions;
    readonly drd?: ViewOptions;
    readonly decisionTable?: ViewOptions;
    readonly literalExpression?: ViewOptions;
    readonly boxedExpression?: ViewOptions;
  }

  export default class DmnModeler {
    constructor(options?: DmnModelerOptions);
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getDefinitions(): unknown;
    getViews(): DmnView[];
    getActiveView(): DmnView | undefined;
    getActiveViewer(): DmnViewer | undefined;
    open(view: DmnView): Promise<{ warnings: unknown[] }>;
    on(event: string, callback: (event: unknown) => void): void;
    destroy(): void;
  }
}

declare module 'dmn-moddle' {
  export interface ParseResult {
    readonly rootElement: unknown;
    readonly warnings: readonly unknown[];
  }

  export interface Moddle {
    fromXML(xml: string, type?: string): Promise<ParseResult>;
  }

  /** dmn-moddle exports a factory, not a class. */
  export function DmnModdle(packages?: Record<string, unknown>): Moddle;
}
