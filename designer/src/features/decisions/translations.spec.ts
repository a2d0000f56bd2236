import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../../test/memory-storage';
import { resetLanguageForTests, setLanguage } from '../../shared/i18n';
import { translateDmnLabel } from './translations';

describe('dmn-js labels', () => {
  beforeEach(() => {
    vi.stubGlobal('localStorage', new MemoryStorage());
    resetLanguageForTests();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('are German by default and fill placeholders', () => {
    expect(translateDmnLabel('Create decision')).toBe('Entscheidung anlegen');
    expect(translateDmnLabel('Add rule')).toBe('Regel hinzufügen');
    expect(translateDmnLabel('Hit policy:')).toBe('Trefferrichtlinie:');
    expect(
      translateDmnLabel('Expression language: {expressionLanguageLabel}', { expressionLanguageLabel: 'FEEL' }),
    ).toBe('Ausdruckssprache: FEEL');
  });

  it('stay English in English and for labels we do not know', () => {
    expect(translateDmnLabel('Something new in dmn-js')).toBe('Something new in dmn-js');
    setLanguage('en');
    expect(translateDmnLabel('Create decision')).toBe('Create decision');
  });
});
