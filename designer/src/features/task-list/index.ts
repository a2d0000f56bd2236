import '@bpmn-io/form-js/dist/assets/form-js.css';

import { Form } from '@bpmn-io/form-js';

import type { UserTask } from '../../shared/api';
import { h, replaceChildren, setText } from '../../shared/dom';
import { onLanguageChange, t } from '../../shared/i18n';
import { NoticeArea } from '../../shared/notices';
import type { View, ViewContext } from '../../shared/view';
import { createTaskComments } from './comments';
import { formElsewhere } from './form-elsewhere';
import { formatDateTime, isOverdue } from './format';

const groupStorageKey = 'prozessengine.tasks.group';

interface OpenTask {
  task: UserTask;
  form: Form | null;
  /** Set while the form is loading, so "Abschließen" waits for it. */
  formReady: Promise<void>;
}

/** The clerk's inbox: open tasks of one of the user's groups, and the selected task with its form. */
export function createTaskListView(context: ViewContext): View {
  const listNotices = new NoticeArea();
  const detailNotices = new NoticeArea();
  const groupSelect = h('select', {
    id: 'tasks-group',
    'data-testid': 'group-select',
    onchange: () => {
      rememberGroup(groupSelect.value);
      void loadTasks();
    },
  });
  const refreshButton = h('button', {
    type: 'button',
    class: 'button',
    text: 'tasks.refresh',
    'data-testid': 'refresh-tasks',
    onclick: () => void loadTasks(),
  });
  const status = h('p', { class: 'tasks-status', role: 'status' });
  const listContainer = h('div', { class: 'tasks-table-wrapper' });
  const detail = h('section', {
    class: 'task-detail',
    'aria-labelledby': 'task-detail-heading',
    'data-testid': 'task-detail',
  });
  const noGroups = h('p', { class: 'hint', text: 'tasks.noGroups', hidden: true });

  const element = h(
    'section',
    { class: 'tasks', 'aria-labelledby': 'tasks-heading' },
    h(
      'div',
      { class: 'tasks-list-pane' },
      h('h1', { id: 'tasks-heading', tabindex: '-1', text: 'tasks.heading' }),
      h(
        'div',
        { class: 'tasks-controls' },
        h('div', { class: 'field field-inline' }, h('label', { for: 'tasks-group', text: 'tasks.group' }), groupSelect),
        refreshButton,
      ),
      noGroups,
      listNotices.element,
      status,
      listContainer,
    ),
    detail,
  );

  let tasks: readonly UserTask[] = [];
  let open: OpenTask | null = null;
  let loadCounter = 0;
  let shownGroups = '';

  renderEmptyDetail();
  onLanguageChange(() => {
    renderList();
    if (open) {
      renderDetailHead(open.task);
    }
  });

  function userGroups(): readonly string[] {
    return context.user()?.groups ?? [];
  }

  function syncGroups(): void {
    const groups = userGroups();
    const key = groups.join('\n');
    if (key === shownGroups) {
      return;
    }
    shownGroups = key;
    const remembered = readRememberedGroup();
    const selected = groups.includes(remembered ?? '') ? remembered : groups[0];
    replaceChildren(
      groupSelect,
      ...groups.map((group) => h('option', { value: group, selected: group === selected }, group)),
    );
    noGroups.hidden = groups.length > 0;
    groupSelect.disabled = groups.length === 0;
    refreshButton.disabled = groups.length === 0;
    closeTask();
    tasks = [];
    renderList();
  }

  async function loadTasks(): Promise<void> {
    const group = groupSelect.value;
    if (!group) {
      return;
    }
    const counter = ++loadCounter;
    setText(status, 'tasks.loading');
    element.setAttribute('aria-busy', 'true');
    try {
      const result = await context.api.searchUserTasks({ candidateGroup: group, state: 'CREATED' });
      if (counter !== loadCounter) {
        return;
      }
      tasks = [...result.items].sort(byDueThenCreated);
      listNotices.clearErrors();
      if (open && !tasks.some((task) => task.userTaskKey === open?.task.userTaskKey)) {
        closeTask();
      }
      renderList();
    } catch (error) {
      if (counter === loadCounter) {
        status.textContent = '';
        listNotices.error(error);
      }
    } finally {
      if (counter === loadCounter) {
        element.removeAttribute('aria-busy');
      }
    }
  }

  function renderList(): void {
    const group = groupSelect.value;
    if (!group) {
      status.textContent = '';
      listContainer.replaceChildren();
      return;
    }
    setText(
      status,
      tasks.length === 0
        ? 'tasks.empty'
        : tasks.length === 1
          ? 'tasks.countOne'
          : { key: 'tasks.count', params: { count: tasks.length } },
    );
    if (tasks.length === 0) {
      listContainer.replaceChildren();
      return;
    }
    const now = new Date();
    const header = h(
      'tr',
      {},
      ...(
        [
          'tasks.column.name',
          'tasks.column.process',
          'tasks.column.created',
          'tasks.column.due',
          'tasks.column.assignee',
        ] as const
      ).map((key) => h('th', { scope: 'col', text: key })),
    );
    const rows = tasks.map((task) => {
      const selected = open?.task.userTaskKey === task.userTaskKey;
      const overdue = isOverdue(task.dueDate, now);
      return h(
        'tr',
        {
          'data-testid': 'task-row',
          'data-task-key': task.userTaskKey,
          'data-task-name': taskName(task),
          class: selected ? 'selected' : false,
          onclick: (event: Event) => {
            if (!(event.target instanceof HTMLButtonElement)) {
              void openTask(task);
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
              onclick: () => void openTask(task),
            },
            taskName(task),
          ),
        ),
        h('td', {}, processLabel(task)),
        h('td', {}, formatDateTime(task.creationDate)),
        h(
          'td',
          { class: overdue ? 'overdue' : false },
          formatDateTime(task.dueDate),
          overdue ? h('span', { class: 'badge badge-warning' }, t('tasks.overdue')) : null,
        ),
        h('td', {}, assigneeLabel(task)),
      );
    });
    replaceChildren(
      listContainer,
      h(
        'table',
        { class: 'tasks-table' },
        h('caption', { class: 'visually-hidden' }, t('tasks.caption', { group })),
        h('thead', {}, header),
        h('tbody', {}, ...rows),
      ),
    );
  }

  async function openTask(task: UserTask): Promise<void> {
    closeTask();
    const formContainer = h('div', { class: 'task-form', role: 'group', attrs: { 'aria-label': 'tasks.formLabel' } });
    const current: OpenTask = { task, form: null, formReady: Promise.resolve() };
    open = current;
    renderList();
    renderDetail(task, formContainer);
    current.formReady = loadForm(current, formContainer);
    await current.formReady;
  }

  async function loadForm(current: OpenTask, container: HTMLElement): Promise<void> {
    replaceChildren(container, h('p', { text: 'tasks.formLoading' }));
    try {
      const [form, variables] = await Promise.all([
        context.api.userTaskForm(current.task.userTaskKey),
        context.api.userTaskVariables(current.task.userTaskKey),
      ]);
      if (open !== current) {
        return;
      }
      container.replaceChildren();
      if (form === null) {
        container.append(formElsewhere(current.task));
        return;
      }
      const formJs = new Form({ container });
      current.form = formJs;
      await formJs.importSchema(JSON.parse(form.schema), variables);
    } catch (error) {
      if (open === current) {
        container.replaceChildren();
        detailNotices.error(error);
      }
    }
  }

  function renderDetail(task: UserTask, formContainer: HTMLElement): void {
    detailNotices.clear();
    replaceChildren(
      detail,
      h('div', { class: 'task-detail-head' }),
      detailNotices.element,
      formContainer,
      h(
        'div',
        { class: 'task-complete' },
        h('button', {
          type: 'button',
          class: 'button button-primary',
          text: 'tasks.complete',
          'data-testid': 'complete-task',
          onclick: () => void complete(),
        }),
      ),
      createTaskComments(context.api, task.userTaskKey).element,
    );
    renderDetailHead(task);
  }

  function renderDetailHead(task: UserTask): void {
    const head = detail.querySelector('.task-detail-head');
    if (!head) {
      return;
    }
    const me = context.user()?.userId;
    const assignedToMe = me !== undefined && task.assignee === me;
    const meta: [string, string][] = [
      [t('tasks.process'), processLabel(task)],
      [t('tasks.instance'), task.processInstanceKey],
      [t('tasks.created'), formatDateTime(task.creationDate)],
      [t('tasks.due'), formatDateTime(task.dueDate)],
      [t('tasks.assignee'), assigneeLabel(task)],
      [t('tasks.candidateGroups'), task.candidateGroups.join(', ') || t('tasks.none')],
    ];
    replaceChildren(
      head,
      h('h2', { id: 'task-detail-heading', tabindex: '-1' }, taskName(task)),
      h('dl', { class: 'task-meta' }, ...meta.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
      h(
        'div',
        { class: 'task-actions' },
        assignedToMe
          ? null
          : h('button', {
              type: 'button',
              class: 'button',
              text: 'tasks.claim',
              'data-testid': 'claim-task',
              onclick: () => void claim(),
            }),
        task.assignee
          ? h('button', {
              type: 'button',
              class: 'button button-secondary',
              text: 'tasks.unclaim',
              'data-testid': 'unclaim-task',
              onclick: () => void unclaim(),
            })
          : null,
      ),
    );
  }

  function renderEmptyDetail(): void {
    replaceChildren(
      detail,
      h('h2', { id: 'task-detail-heading', class: 'visually-hidden', text: 'tasks.detailLabel' }),
      h('p', { class: 'hint', text: 'tasks.select' }),
    );
  }

  function closeTask(): void {
    open?.form?.destroy();
    open = null;
    renderEmptyDetail();
  }

  async function claim(): Promise<void> {
    const current = open;
    const me = context.user()?.userId;
    if (!current || !me) {
      return;
    }
    await changeAssignment(current, () => context.api.assignUserTask(current.task.userTaskKey, me), 'tasks.claimed');
  }

  async function unclaim(): Promise<void> {
    const current = open;
    if (!current) {
      return;
    }
    await changeAssignment(current, () => context.api.unassignUserTask(current.task.userTaskKey), 'tasks.unclaimed');
  }

  async function changeAssignment(
    current: OpenTask,
    change: () => Promise<void>,
    done: 'tasks.claimed' | 'tasks.unclaimed',
  ): Promise<void> {
    setBusy(true);
    try {
      await change();
      const task = await context.api.userTask(current.task.userTaskKey);
      if (open !== current) {
        return;
      }
      current.task = task;
      tasks = tasks.map((item) => (item.userTaskKey === task.userTaskKey ? task : item));
      renderList();
      renderDetailHead(task);
      detailNotices.success({ key: done, params: { name: taskName(task) } });
      detail.querySelector<HTMLElement>('.task-actions button')?.focus();
    } catch (error) {
      detailNotices.error(error);
    } finally {
      setBusy(false);
    }
  }

  async function complete(): Promise<void> {
    const current = open;
    if (!current) {
      return;
    }
    await current.formReady;
    let variables: Record<string, unknown> = {};
    if (current.form) {
      const { data, errors } = current.form.submit();
      if (Object.keys(errors).length > 0) {
        detailNotices.warning('tasks.formInvalid');
        detail
          .querySelector<HTMLElement>('.fjs-has-errors input, .fjs-has-errors textarea, .fjs-has-errors select')
          ?.focus();
        return;
      }
      variables = data;
    }
    setBusy(true);
    try {
      await context.api.completeUserTask(current.task.userTaskKey, variables);
    } catch (error) {
      detailNotices.error(error);
      setBusy(false);
      return;
    }
    setBusy(false);
    if (open === current) {
      closeTask();
    }
    listNotices.success({ key: 'tasks.completed', params: { name: taskName(current.task) } });
    await loadTasks();
    element.querySelector<HTMLElement>('#tasks-heading')?.focus();
  }

  function setBusy(busy: boolean): void {
    for (const button of detail.querySelectorAll<HTMLButtonElement>('.task-actions button, .task-complete button')) {
      button.disabled = busy;
    }
    if (busy) {
      detail.setAttribute('aria-busy', 'true');
    } else {
      detail.removeAttribute('aria-busy');
    }
  }

  function assigneeLabel(task: UserTask): string {
    if (!task.assignee) {
      return t('tasks.unassigned');
    }
    return task.assignee === context.user()?.userId ? `${task.assignee} (${t('tasks.assignedToYou')})` : task.assignee;
  }

  return {
    element,
    show: () => {
      syncGroups();
      void loadTasks();
    },
  };
}

function taskName(task: UserTask): string {
  return task.name.trim() || task.elementId;
}

function processLabel(task: UserTask): string {
  return `${task.processDefinitionId} (v${task.processDefinitionVersion})`;
}

function byDueThenCreated(a: UserTask, b: UserTask): number {
  // Deadlines first, earliest first; then the oldest tasks.
  const dueA = a.dueDate ? Date.parse(a.dueDate) : Number.POSITIVE_INFINITY;
  const dueB = b.dueDate ? Date.parse(b.dueDate) : Number.POSITIVE_INFINITY;
  if (dueA !== dueB) {
    return dueA - dueB;
  }
  return (a.creationDate ? Date.parse(a.creationDate) : 0) - (b.creationDate ? Date.parse(b.creationDate) : 0);
}

function readRememberedGroup(): string | null {
  try {
    return localStorage.getItem(groupStorageKey);
  } catch {
    return null;
  }
}

function rememberGroup(group: string): void {
  try {
    localStorage.setItem(groupStorageKey, group);
  } catch {
    // The choice then lasts for this page only.
  }
}
