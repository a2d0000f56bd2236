// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../test/memory-storage';
import { h, retranslate } from './dom';
import { resetLanguageForTests, setLanguage } from './i18n';
import { ApiError } from './api';
import { NoticeArea } from './notices';

describe('dom helpers', () => {
  beforeEach(() => {
    Object.defineProperty(window, 'localStorage', { value: new MemoryStorage(), configurable: true });
    resetLanguageForTests();
  });

  afterEach(() => {
    setLanguage('de');
  });

  it('sets attributes, listeners and translated texts, and translates them again on a switch', () => {
    let clicks = 0;
    const button = h('button', {
      type: 'button',
      disabled: false,
      'data-testid': 'complete-task',
      text: 'tasks.complete',
      attrs: { 'aria-label': { key: 'tasks.completed', params: { name: 'Prüfen' } } },
      onclick: () => (clicks += 1),
    });
    const root = h('div', {}, button);

    button.click();
    expect(clicks).toBe(1);
    expect(button.hasAttribute('disabled')).toBe(false);
    expect(button.getAttribute('data-testid')).toBe('complete-task');
    expect(button.textContent).toBe('Abschließen');
    expect(button.getAttribute('aria-label')).toBe('Aufgabe „Prüfen“ abgeschlossen.');

    setLanguage('en');
    retranslate(root);

    expect(button.textContent).toBe('Complete');
    expect(button.getAttribute('aria-label')).toBe('Task “Prüfen” completed.');
  });

  it('shows a problem with title, detail and each element error, as an alert', () => {
    const notices = new NoticeArea();
    const shown: string[] = [];
    notices.error(
      new ApiError(400, {
        title: 'Deployment abgelehnt',
        detail: 'Das Modell enthält Fehler.',
        errors: [{ elementId: 'Gateway_1', message: 'Bedingung fehlt' }],
      }),
      'modeler.deployFailed',
      { onElement: (id) => shown.push(id) },
    );

    const alert = notices.element.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Deployment fehlgeschlagen.');
    expect(alert?.textContent).toContain('Deployment abgelehnt');
    expect(alert?.textContent).toContain('Das Modell enthält Fehler.');
    expect(alert?.querySelector('li')?.textContent).toBe('Element Gateway_1: Bedingung fehlt');

    alert?.querySelector<HTMLButtonElement>('li button')?.click();
    expect(shown).toEqual(['Gateway_1']);
  });

  it('shows a deployment accepted with warnings as a warning listing each element, in German and then English', () => {
    const notices = new NoticeArea();
    const shown: string[] = [];
    notices.successWithWarnings(
      { key: 'modeler.deployed', params: { version: 2, processId: 'antrag' } },
      [{ elementId: 'Task_1', message: 'no incoming sequence flow', line: 7, column: 5 }],
      { onElement: (id) => shown.push(id) },
    );

    const status = notices.element.querySelector('.notice-warning[role="status"]');
    expect(status?.textContent).toContain('Version 2 von antrag deployt.');
    expect(status?.textContent).toContain('Hinweise (1):');
    expect(status?.querySelector('li')?.textContent).toContain('Element Task_1: no incoming sequence flow');
    status?.querySelector<HTMLButtonElement>('li button')?.click();
    expect(shown).toEqual(['Task_1']);

    setLanguage('en');
    retranslate(notices.element);
    expect(notices.element.textContent).toContain('Warnings (1):');
  });

  it('confirms a deployment without warnings as a plain success', () => {
    const notices = new NoticeArea();

    notices.successWithWarnings({ key: 'modeler.deployed', params: { version: 1, processId: 'antrag' } }, []);

    expect(notices.element.querySelector('.notice-success')?.textContent).toContain('Version 1 von antrag deployt.');
  });
});
