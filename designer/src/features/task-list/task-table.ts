import type { UserTask } from '../../shared/api';
import { h } from '../../shared/dom';
import { t } from '../../shared/i18n';
import { formatDateTime, isOverdue } from './format';
import { columnLabel, formatValue } from './task-values';

export interface TaskTableOptions {
  readonly tasks: readonly UserTask[];
  readonly selectedKey: string | null;
  readonly now: Date;
  readonly userId: string | undefined;
  /** What the table lists, for screen readers. */
  readonly caption: string;
  readonly onOpen: (task: UserTask) => void;
}

/**
 * The list of tasks: each case by its title (the process's prozessengine:taskTitle, else the task's name) with the
 * task and process below it, the process's columns with values in the page's language, the due date with badges,
 * and who works on it. Rows open with a click, the title is a button for the keyboard.
 */
export function taskTable(options: TaskTableOptions): HTMLTableElement {
  const columns = columnNames(options.tasks);
  const header = h(
    'tr',
    {},
    h('th', { scope: 'col', text: 'taskList.column.case' }),
    ...columns.map((name) => h('th', { scope: 'col', 'data-column': name }, columnLabel(name))),
    h('th', { scope: 'col', text: 'tasks.column.due' }),
    h('th', { scope: 'col', text: 'tasks.column.assignee' }),
  );
  const rows = options.tasks.map((task) => taskRow(task, columns, options));
  return h(
    'table',
    { class: 'tasks-table' },
    h('caption', { class: 'visually-hidden' }, options.caption),
    h('thead', {}, header),
    h('tbody', {}, ...rows),
  );
}

/** The columns of the listed tasks' processes, in the order the first task that has each names them. */
export function columnNames(tasks: readonly UserTask[]): string[] {
  const names: string[] = [];
  for (const task of tasks) {
    for (const name of Object.keys(task.columns ?? {})) {
      if (!names.includes(name)) {
        names.push(name);
      }
    }
  }
  return names;
}

export function caseTitle(task: UserTask): string {
  return task.title?.trim() || taskName(task);
}

export function taskName(task: UserTask): string {
  return task.name.trim() || task.elementId;
}

function taskRow(task: UserTask, columns: readonly string[], options: TaskTableOptions): HTMLTableRowElement {
  const selected = options.selectedKey === task.userTaskKey;
  const values = (task.columns ?? {}) as Readonly<Record<string, unknown>>;
  return h(
    'tr',
    {
      'data-testid': 'task-row',
      'data-task-key': task.userTaskKey,
      'data-task-name': taskName(task),
      class: selected ? 'selected' : false,
      onclick: (event: Event) => {
        if (!(event.target instanceof HTMLButtonElement)) {
          options.onOpen(task);
        }
      },
    },
    h(
      'th',
      { scope: 'row' },
      h(
        'button',
        {
          type: 'button',
          class: 'link-button',
          'aria-current': selected ? 'true' : false,
          onclick: () => options.onOpen(task),
        },
        caseTitle(task),
      ),
      h('span', { class: 'task-subtitle' }, `${taskName(task)} · ${task.processDefinitionId}`),
    ),
    ...columns.map((name) =>
      h(
        'td',
        { 'data-column': name, class: typeof values[name] === 'number' ? 'number' : false },
        formatValue(values[name]),
      ),
    ),
    dueCell(task, options.now),
    h('td', {}, assigneeLabel(task, options.userId)),
  );
}

function dueCell(task: UserTask, now: Date): HTMLTableCellElement {
  const overdue = isOverdue(task.dueDate, now);
  const dueToday = !overdue && isSameDay(task.dueDate, now);
  const followUp = task.followUpDate && Date.parse(task.followUpDate) > now.getTime() ? task.followUpDate : null;
  return h(
    'td',
    { class: overdue ? 'overdue' : false },
    formatDateTime(task.dueDate),
    overdue ? h('span', { class: 'badge badge-warning' }, t('tasks.overdue')) : null,
    dueToday ? h('span', { class: 'badge badge-today' }, t('taskList.dueToday')) : null,
    followUp
      ? h('span', { class: 'badge badge-follow-up' }, t('taskList.followUpUntil', { date: formatDateTime(followUp) }))
      : null,
  );
}

function isSameDay(iso: string | null | undefined, now: Date): boolean {
  if (!iso) {
    return false;
  }
  const date = new Date(iso);
  return (
    date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate()
  );
}

export function assigneeLabel(task: UserTask, userId: string | undefined): string {
  if (!task.assignee) {
    return t('tasks.unassigned');
  }
  return task.assignee === userId ? `${task.assignee} (${t('tasks.assignedToYou')})` : task.assignee;
}
