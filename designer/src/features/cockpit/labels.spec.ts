import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetLanguageForTests, setLanguage } from '../../shared/i18n';
import { MemoryStorage } from '../../test/memory-storage';
import { elementStateLabel, errorTypeLabel, instanceStateLabel, labelText } from './labels';

describe('cockpit labels', () => {
  beforeEach(() => {
    vi.stubGlobal('localStorage', new MemoryStorage());
    resetLanguageForTests();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('names the instance states in German', () => {
    expect(labelText(instanceStateLabel('ACTIVE'))).toBe('Aktiv');
    expect(labelText(instanceStateLabel('COMPLETED'))).toBe('Abgeschlossen');
    expect(labelText(instanceStateLabel('TERMINATED'))).toBe('Abgebrochen');
  });

  it('names them in English after a language switch', () => {
    setLanguage('en');
    expect(labelText(instanceStateLabel('TERMINATED'))).toBe('Terminated');
  });

  it('shows a state it does not know as the server sent it', () => {
    expect(instanceStateLabel('SUSPENDED')).toBe('SUSPENDED');
    expect(labelText(instanceStateLabel('active'))).toBe('Aktiv');
  });

  it("names element states and error types, in the engine's and in Camunda's spelling", () => {
    expect(labelText(elementStateLabel('INCIDENT'))).toBe('Störung');
    expect(labelText(elementStateLabel('ACTIVE'))).toBe('wartet');
    expect(labelText(errorTypeLabel('ConditionNoMatch'))).toBe('Keine Bedingung erfüllt');
    expect(labelText(errorTypeLabel('CONDITION_NO_MATCH'))).toBe('Keine Bedingung erfüllt');
    expect(labelText(errorTypeLabel('JobNoRetries'))).toBe('Job ohne weitere Versuche');
    expect(errorTypeLabel('SomethingNew')).toBe('SomethingNew');
  });
});
