import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetLanguageForTests, setLanguage } from '../../shared/i18n';
import { MemoryStorage } from '../../test/memory-storage';
import { fourEyesIds, fourEyesProblem } from './four-eyes-value';

describe('four-eyes property value', () => {
  beforeEach(() => {
    vi.stubGlobal('localStorage', new MemoryStorage());
    resetLanguageForTests();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const types: Record<string, string> = { SachlichRichtig: 'bpmn:UserTask', Pruefen: 'bpmn:ServiceTask' };
  const typeOf = (id: string): string | undefined => types[id];

  it('reads the ids as the engine does: trimmed, without gaps and duplicates', () => {
    expect(fourEyesIds(' SachlichRichtig , ,RechnerischRichtig,SachlichRichtig ')).toEqual([
      'SachlichRichtig',
      'RechnerischRichtig',
    ]);
    expect(fourEyesIds(undefined)).toEqual([]);
  });

  it('names an unknown id or one that is no user task, in the chosen language', () => {
    expect(fourEyesProblem('SachlichRichtig', typeOf)).toBeUndefined();
    expect(fourEyesProblem('', typeOf)).toBeUndefined();
    expect(fourEyesProblem('SachlichRichtig, Tippfehler', typeOf)).toBe('Kein Element mit der ID „Tippfehler“.');
    setLanguage('en');
    expect(fourEyesProblem('Pruefen', typeOf)).toBe('"Pruefen" is not a user task.');
  });
});
