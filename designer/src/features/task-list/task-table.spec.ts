// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../../test/memory-storage';
import type { UserTask } from '../../shared/api';
import { resetLanguageForTests } from '../../shared/i18n';
import { columnNames, taskTable } from './task-table';

const base: UserTask = {
  userTaskKey: '1',
  name: 'Sachlich richtig',
  state: 'CREATED',
  assignee: null,
  candidateGroups: ['fachamt'],
  candidateUsers: [],
  elementId: 'SachlichRichtig',
  elementInstanceKey: '3',
  processDefinitionId: 'rechnungsfreigabe',
  processDefinitionKey: '4',
  processDefinitionVersion: 2,
  processInstanceKey: '2',
  formKey: null,
  formId: null,
  creationDate: '2026-12-01T08:00:00Z',
  completionDate: null,
  dueDate: '2026-12-04T09:00:00Z',
  followUpDate: null,
  priority: 50,
  tenantId: '<default>',
  title: 'Rechnung R-2026-0042 · Bürobedarf Müller GmbH',
  columns: { rechnungsnummer: 'R-2026-0042', lieferant: 'Bürobedarf Müller GmbH', betrag: 7350.2 },
};

function render(tasks: UserTask[], onOpen = vi.fn()): HTMLTableElement {
  return taskTable({
    tasks,
    selectedKey: null,
    now: new Date('2026-12-04T08:00:00Z'),
    userId: 'erika',
    caption: 'Liste',
    onOpen,
  });
}

describe('the task table', () => {
  beforeEach(() => {
    Object.defineProperty(window, 'localStorage', { value: new MemoryStorage(), configurable: true });
    resetLanguageForTests();
  });

  it('names each case by its title, with the task and process below, and shows the columns in German', () => {
    const table = render([base]);

    const headings = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
    expect(headings).toEqual(['Vorgang', 'Rechnungsnummer', 'Lieferant', 'Betrag', 'Fällig', 'Bearbeitung']);
    const row = table.querySelector('tbody tr');
    expect(row?.querySelector('th button')?.textContent).toBe('Rechnung R-2026-0042 · Bürobedarf Müller GmbH');
    expect(row?.querySelector('.task-subtitle')?.textContent).toBe('Sachlich richtig · rechnungsfreigabe');
    expect(row?.querySelector('td[data-column="betrag"]')?.textContent).toBe('7.350,20');
    expect(row?.querySelector('td[data-column="betrag"]')?.classList.contains('number')).toBe(true);
  });

  it('falls back to the task name without a title and leaves columns another process lacks empty', () => {
    const other: UserTask = { ...base, userTaskKey: '9', title: null, columns: { aktenzeichen: 'AZ 1' } };

    const table = render([base, other]);

    expect(columnNames([base, other])).toEqual(['rechnungsnummer', 'lieferant', 'betrag', 'aktenzeichen']);
    const second = table.querySelectorAll('tbody tr')[1];
    expect(second?.querySelector('th button')?.textContent).toBe('Sachlich richtig');
    expect(second?.querySelector('td[data-column="betrag"]')?.textContent).toBe('–');
    expect(second?.querySelector('td[data-column="aktenzeichen"]')?.textContent).toBe('AZ 1');
  });

  it('marks what is due today, overdue or on follow-up', () => {
    const table = render([
      base,
      { ...base, userTaskKey: '5', dueDate: '2026-12-01T08:00:00Z' },
      { ...base, userTaskKey: '6', dueDate: null, followUpDate: '2026-12-10T08:00:00Z' },
    ]);

    const badges = [...table.querySelectorAll('tbody tr')].map((row) => row.querySelector('.badge')?.textContent ?? '');
    expect(badges[0]).toBe('heute fällig');
    expect(badges[1]).toBe('überfällig');
    expect(badges[2]).toMatch(/^Wiedervorlage 10\.12\.2026/);
  });

  it('opens a task from its row or its title button', () => {
    const onOpen = vi.fn();
    const table = render([base], onOpen);

    table.querySelector<HTMLElement>('tbody tr td')?.click();
    table.querySelector<HTMLButtonElement>('tbody th button')?.click();

    expect(onOpen).toHaveBeenCalledTimes(2);
    expect(onOpen).toHaveBeenCalledWith(base);
  });
});
