/** The diagram being edited, kept in the browser so that no error, 401 or reload loses it. */
export interface Draft {
  readonly xml: string;
  /** Changed since it was last opened, downloaded or deployed. */
  readonly dirty: boolean;
}

const storageKey = 'prozessengine.modeler.draft';

export class DraftStore {
  private readonly storage: Storage | undefined;

  constructor(storage: Storage | undefined = globalThis.localStorage) {
    this.storage = storage;
  }

  load(): Draft | undefined {
    try {
      const raw = this.storage?.getItem(storageKey);
      if (!raw) {
        return undefined;
      }
      const parsed = JSON.parse(raw) as Partial<Draft>;
      return typeof parsed.xml === 'string' && parsed.xml.length > 0
        ? { xml: parsed.xml, dirty: parsed.dirty === true }
        : undefined;
    } catch {
      return undefined;
    }
  }

  /** Returns false when the browser refused (storage full or disabled); the diagram on screen is unaffected. */
  save(draft: Draft): boolean {
    try {
      this.storage?.setItem(storageKey, JSON.stringify(draft));
      return this.storage !== undefined;
    } catch {
      return false;
    }
  }
}
