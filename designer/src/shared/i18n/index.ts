import { english, german, type MessageKey, type Messages } from './messages';

export type { MessageKey } from './messages';
export type Language = 'de' | 'en';
export type MessageParams = Readonly<Record<string, string | number>>;

export const languages: readonly Language[] = ['de', 'en'];

const storageKey = 'prozessengine.language';
const dictionaries: Readonly<Record<Language, Messages>> = { de: german, en: english };

let current: Language = readStoredLanguage();
const listeners = new Set<(language: Language) => void>();

export function language(): Language {
  return current;
}

/** The BCP 47 tag for dates and numbers in the current language. */
export function locale(): string {
  return current === 'de' ? 'de-DE' : 'en-GB';
}

export function t(key: MessageKey, params?: MessageParams): string {
  return format(dictionaries[current][key], params);
}

export function setLanguage(next: Language): void {
  if (next === current) {
    return;
  }
  current = next;
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // Private mode or a full storage: the choice then lasts for this page only.
  }
  for (const listener of listeners) {
    listener(next);
  }
}

export function onLanguageChange(listener: (language: Language) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function isLanguage(value: unknown): value is Language {
  return value === 'de' || value === 'en';
}

/** Fills `{name}` placeholders; a placeholder without a value stays visible so that a gap is noticed. */
export function format(template: string, params?: MessageParams): string {
  if (!params) {
    return template;
  }
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined ? placeholder : String(value);
  });
}

/** Re-reads the stored choice; German unless English was chosen before. */
export function readStoredLanguage(): Language {
  try {
    // Absent outside a browser (the unit tests run in Node), whatever the DOM types say.
    const storage = globalThis.localStorage as Storage | undefined;
    const stored = storage?.getItem(storageKey);
    return isLanguage(stored) ? stored : 'de';
  } catch {
    return 'de';
  }
}

/** For tests: makes the module forget listeners and take the stored language again. */
export function resetLanguageForTests(): void {
  listeners.clear();
  current = readStoredLanguage();
}
