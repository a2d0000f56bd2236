// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../test/memory-storage';
import type { UserTask } from '../../shared/api';
import { resetLanguageForTests } from '../../shared/i18n';
import { formElsewhere } from './form-elsewhere';

const task: UserTask = {
  userTaskKey: '1',
  name: 'Antrag prüfen',
  state: 'CREATED',
  assignee: null,
  candidateGroups: [],
  candidateUsers: [],
  elementId: 'pruefen',
  elementInstanceKey: '3',
  processDefinitionId: 'antrag',
  processDefinitionKey: '4',
  processDefinitionVersion: 1,
  processInstanceKey: '2',
  formKey: null,
  formId: null,
  creationDate: '2026-12-01T08:00:00Z',
  completionDate: null,
  dueDate: null,
  followUpDate: null,
  priority: 50,
  tenantId: '<default>',
};

describe('a task whose form lives elsewhere', () => {
  beforeEach(() => {
    Object.defineProperty(window, 'localStorage', { value: new MemoryStorage(), configurable: true });
    resetLanguageForTests();
  });

  it('links an external form reference that is a web address, opening it in a new tab', () => {
    const shown = formElsewhere({ ...task, externalFormReference: 'https://formulare.example/antrag' });

    const link = shown.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://formulare.example/antrag');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(shown.textContent).toContain('außerhalb der Prozess-Engine');
  });

  it('shows any other reference as text, never as a link', () => {
    const shown = formElsewhere({ ...task, externalFormReference: 'javascript:alert(1)' });

    expect(shown.querySelector('a')).toBeNull();
    expect(shown.querySelector('code')?.textContent).toBe('javascript:alert(1)');
  });

  it('names a custom form key', () => {
    const shown = formElsewhere({ ...task, customFormKey: 'fachverfahren:antrag' });

    expect(shown.textContent).toContain('eigenes Formular (fachverfahren:antrag)');
  });

  it('says that a task without any form reference has no form', () => {
    expect(formElsewhere(task).textContent).toBe('Zu dieser Aufgabe gehört kein Formular.');
  });
});
