import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../../test/memory-storage';
import { format, language, onLanguageChange, resetLanguageForTests, setLanguage, t } from './index';
import { english, german } from './messages';

describe('i18n', () => {
  let storage: MemoryStorage;

  beforeEach(() => {
    storage = new MemoryStorage();
    vi.stubGlobal('localStorage', storage);
    resetLanguageForTests();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('speaks German unless told otherwise', () => {
    expect(language()).toBe('de');
    expect(t('tasks.complete')).toBe('Abschließen');
  });

  it('switches to English, remembers the choice and tells listeners', () => {
    const heard: string[] = [];
    onLanguageChange((next) => heard.push(next));

    setLanguage('en');

    expect(t('tasks.complete')).toBe('Complete');
    expect(storage.getItem('prozessengine.language')).toBe('en');
    expect(heard).toEqual(['en']);
    resetLanguageForTests();
    expect(language()).toBe('en');
  });

  it('ignores an unknown stored language', () => {
    storage.setItem('prozessengine.language', 'fr');
    resetLanguageForTests();
    expect(language()).toBe('de');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('modeler.deployed', { version: 2, processId: 'rechnungsfreigabe' })).toBe(
      'Version 2 von rechnungsfreigabe deployt.',
    );
    expect(format('{a} und {b}', { a: 'x' })).toBe('x und {b}');
  });

  it('has every text in both languages with the same placeholders', () => {
    const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
    for (const key of Object.keys(german) as (keyof typeof german)[]) {
      expect(english[key].trim(), key).not.toBe('');
      expect(placeholders(english[key]), key).toEqual(placeholders(german[key]));
    }
  });
});
