import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatDateTime } from '../../shared/format';
import { resetLanguageForTests, setLanguage } from '../../shared/i18n';
import { MemoryStorage } from '../../test/memory-storage';
import { actorLabel, commandLabel, entryActorLabel, journalEventText, maxDetailLength } from './journal';
import { labelText } from './labels';

describe('journal texts', () => {
  beforeEach(() => {
    vi.stubGlobal('localStorage', new MemoryStorage());
    resetLanguageForTests();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const names: Record<string, string> = { Antrag_pruefen: 'Antrag prüfen', Gateway_1: '  ' };
  const nameOf = (id: string): string | undefined => names[id];
  const sentence = (event: Parameters<typeof journalEventText>[0]): string =>
    labelText(journalEventText(event, nameOf).text);
  const detail = (event: Parameters<typeof journalEventText>[0]): string | undefined => {
    const found = journalEventText(event, nameOf).detail;
    return found === undefined ? undefined : labelText(found);
  };

  it('says who acted', () => {
    expect(labelText(actorLabel('user:erika'))).toBe('erika');
    expect(labelText(actorLabel('system:fachverfahren'))).toBe('fachverfahren (System)');
    expect(labelText(actorLabel('engine:engine'))).toBe('Engine');
    expect(labelText(actorLabel('user:a:b'))).toBe('a:b');
    expect(actorLabel('unbekannt')).toBe('unbekannt');
  });

  it('says for whom a deputy acted', () => {
    expect(labelText(entryActorLabel({ actor: 'user:max', onBehalfOf: 'erika' }))).toBe('max für erika');
    expect(labelText(entryActorLabel({ actor: 'user:max', onBehalfOf: null }))).toBe('max');
    expect(detail({ kind: 'UserTaskCompleted', elementId: 'Antrag_pruefen', detail: 'user:max for user:erika' })).toBe(
      'von max für erika',
    );
    expect(labelText(commandLabel('comment-user-task'))).toBe('Aufgabe kommentieren');
    expect(sentence({ kind: 'UserTaskCommented', elementId: 'Antrag_pruefen', detail: 'Rückruf' })).toBe(
      'Antrag prüfen kommentiert',
    );
    expect(detail({ kind: 'UserTaskCommented', elementId: 'Antrag_pruefen', detail: 'Rückruf' })).toBe('Rückruf');
  });

  it('names the commands in German and keeps unknown ones', () => {
    expect(labelText(commandLabel('start'))).toBe('Starten');
    expect(labelText(commandLabel('resolve-incident'))).toBe('Störung beheben');
    expect(labelText(commandLabel('cancel'))).toBe('Abbrechen');
    expect(labelText(commandLabel('correlate-message'))).toBe('Nachricht zustellen');
    expect(commandLabel('migrate')).toBe('migrate');
  });

  it('writes events as sentences with the element name, or the id of an unnamed element', () => {
    expect(sentence({ kind: 'ElementCompleted', elementId: 'Antrag_pruefen' })).toBe('Antrag prüfen abgeschlossen');
    expect(sentence({ kind: 'ElementActivated', elementId: 'Gateway_1' })).toBe('Gateway_1 aktiviert');
    expect(sentence({ kind: 'FlowTaken', elementId: 'Flow_2' })).toBe('Sequenzfluss Flow_2 genommen');
    expect(sentence({ kind: 'IncidentRaised', elementId: 'Gateway_1' })).toBe('Störung an Gateway_1');
    expect(sentence({ kind: 'InstanceCanceled', elementId: 'antrag' })).toBe('Vorgang abgebrochen');
    expect(sentence({ kind: 'FutureKind', elementId: 'X' })).toBe('FutureKind X');
  });

  it('adds what changed where that helps', () => {
    expect(detail({ kind: 'IncidentRaised', elementId: 'G', detail: 'No condition is true.' })).toBe(
      'No condition is true.',
    );
    expect(detail({ kind: 'UserTaskCompleted', elementId: 'Antrag_pruefen', detail: 'user:erika' })).toBe('von erika');
    expect(detail({ kind: 'InstanceCanceled', detail: 'system:fachverfahren' })).toBe('von fachverfahren (System)');
    expect(detail({ kind: 'UserTaskAssigned', detail: 'erika -> max' })).toBe('erika → max');
    expect(detail({ kind: 'UserTaskCreated', detail: '2251799813685300' })).toBeUndefined();
    expect(detail({ kind: 'ElementActivated', detail: null })).toBeUndefined();
    // The time is shown in the browser's zone, whatever zone the engine wrote.
    expect(detail({ kind: 'TimerScheduled', detail: '2026-11-23T08:00:00Z' })).toBe(
      `fällig ${formatDateTime('2026-11-23T08:00:00Z')}`,
    );
    expect(detail({ kind: 'TimerScheduled', detail: '2026-11-23T12:00:00+00:00' })).toMatch(
      /^fällig 23\.11\.2026, \d\d:\d\d$/,
    );
  });

  it('cuts long details', () => {
    const long = detail({ kind: 'VariablesSet', detail: `{"text":"${'x'.repeat(400)}"}` });
    expect(long).toHaveLength(maxDetailLength);
    expect(long?.endsWith('…')).toBe(true);
  });

  it('speaks English after a language switch', () => {
    setLanguage('en');
    expect(sentence({ kind: 'UserTaskCompleted', elementId: 'Antrag_pruefen' })).toBe('Task Antrag prüfen completed');
    expect(detail({ kind: 'UserTaskCompleted', detail: 'user:erika' })).toBe('by erika');
  });
});
