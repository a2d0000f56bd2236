/** What a page is editing, kept in the browser so that no error, 401 or reload loses it. */
export interface Draft {
  /** The document as text: BPMN XML in the Modeler, form-js JSON in Formulare. */
  readonly content: string;
  /** Changed since it was last opened, downloaded or deployed. */
  readonly dirty: boolean;
}

/** One draft per page, under its own key in `localStorage`. */
export class DraftStore {
  private readonly storageKey: string;
  private readonly storage: Storage | undefined;

  constructor(storageKey: string, storage: Storage | undefined = globalThis.localStorage) {
    this.storageKey = storageKey;
    this.storage = storage;
  }

  load(): Draft | undefined {
    try {
      const raw = this.storage?.getItem(this.storageKey);
      if (!raw) {
        return undefined;
      }
      const parsed = JSON.parse(raw) as Partial<Draft> & { xml?: unknown };
      // Drafts written before forms existed named the content `xml`; they are still someone's work.
      const content = typeof parsed.content === 'string' ? parsed.content : parsed.xml;
      return typeof content === 'string' && content.length > 0 ? { content, dirty: parsed.dirty === true } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Returns false when the browser refused (storage full or disabled); the document on screen is unaffected. */
  save(draft: Draft): boolean {
    try {
      this.storage?.setItem(this.storageKey, JSON.stringify(draft));
      return this.storage !== undefined;
    } catch {
      return false;
    }
  }
}
