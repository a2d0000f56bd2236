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
});
