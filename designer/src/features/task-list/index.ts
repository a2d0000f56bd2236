import type { Form } from '@bpmn-io/form-js';

import type { UserTask } from '../../shared/api';
import { h, replaceChildren, setText } from '../../shared/dom';
import { locale, onLanguageChange, t } from '../../shared/i18n';
import { NoticeArea } from '../../shared/notices';
import type { View, ViewContext } from '../../shared/view';
import { createTaskComments } from './comments';
import { formElsewhere } from './form-elsewhere';
import { createTaskForm } from './form-view';
import { formatDateTime } from './format';
import { createTaskDocuments } from './task-documents';
import { pageSize, readChoice, taskSearch, taskSortKeys, type TaskListChoice, type TaskSortKey } from './task-query';
import { assigneeLabel, caseTitle, taskName, taskTable } from './task-table';
import { formatValue, columnLabel } from './task-values';

const choiceStorageKey = 'prozessengine.tasks.list';

interface OpenTask {
  task: UserTask;
  form: Form | null;
  /** Set while the form is loading, so "Abschließen" waits for it. */
  formReady: Promise<void>;
}

/** The page of the list on screen: where it starts, and the cursor it was read with (for a refresh). */
interface ShownPage {
  readonly start: number;
  readonly cursor: { readonly after?: string; readonly before?: string };
  readonly totalItems: number;
  readonly hasMore: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

/**
 * The clerk's inbox: the user's own open tasks or those of their groups (several at once), each case by its title and
 * columns, searched by words, sorted, paged by cursor; and the selected task with its form.
 */
export function createTaskListView(context: ViewContext): View {
  const listNotices = new NoticeArea();
  const detailNotices = new NoticeArea();
  let choice: TaskListChoice = readChoice(readStoredChoice(), []);

  const viewRadios = (['mine', 'groups'] as const).map((view) =>
    h('input', {
      type: 'radio',
      name: 'tasks-view',
      id: `tasks-view-${view}`,
      value: view,
      'data-testid': `view-${view}`,
      onchange: () => {
        choice = { ...choice, view };
        remember();
        renderControls();
        void loadTasks();
      },
    }),
  );
  const viewField = h(
    'fieldset',
    { class: 'tasks-view' },
    h('legend', { class: 'visually-hidden', text: 'taskList.view' }),
    ...viewRadios.map((radio) =>
      h(
        'label',
        { for: radio.id, class: 'tasks-view-option' },
        radio,
        h('span', { text: radio.value === 'mine' ? 'taskList.view.mine' : 'taskList.view.groups' }),
      ),
    ),
  );
  const groupOptions = h('div', { class: 'tasks-group-options' });
  const groupField = h('fieldset', { class: 'tasks-groups' }, h('legend', { text: 'taskList.groups' }), groupOptions);
  const searchInput = h('input', {
    type: 'search',
    id: 'tasks-search',
    'data-testid': 'task-search',
    autocomplete: 'off',
    'aria-describedby': 'tasks-search-hint',
    oninput: () => {
      window.clearTimeout(searchTimer);
      searchTimer = window.setTimeout(() => search(), 300);
    },
  });
  const searchForm = h(
    'form',
    {
      role: 'search',
      class: 'field tasks-search',
      onsubmit: (event: Event) => {
        event.preventDefault();
        window.clearTimeout(searchTimer);
        search();
      },
    },
    h('label', { for: 'tasks-search', text: 'taskList.search' }),
    searchInput,
    h('span', { id: 'tasks-search-hint', class: 'hint', text: 'taskList.searchHint' }),
  );
  const sortSelect = h('select', {
    id: 'tasks-sort',
    'data-testid': 'task-sort',
    onchange: () => {
      choice = { ...choice, sort: sortSelect.value as TaskSortKey };
      remember();
      void loadTasks();
    },
  });
  const followUpBox = h('input', {
    type: 'checkbox',
    id: 'tasks-follow-up',
    'data-testid': 'show-follow-up',
    onchange: () => {
      choice = { ...choice, showFollowUp: followUpBox.checked };
      remember();
      void loadTasks();
    },
  });
  const refreshButton = h('button', {
    type: 'button',
    class: 'button',
    text: 'tasks.refresh',
    'data-testid': 'refresh-tasks',
    onclick: () => void loadTasks(shown?.cursor ?? {}),
  });
  const previousButton = h('button', {
    type: 'button',
    class: 'button',
    text: 'taskList.previous',
    'data-testid': 'previous-page',
    onclick: () => {
      if (shown?.startCursor) {
        void loadTasks({ before: shown.startCursor }, shown.start - pageSize);
      }
    },
  });
  const nextButton = h('button', {
    type: 'button',
    class: 'button',
    text: 'taskList.next',
    'data-testid': 'next-page',
    onclick: () => {
      if (shown?.endCursor) {
        void loadTasks({ after: shown.endCursor }, shown.start + tasks.length);
      }
    },
  });
  const pager = h(
    'nav',
    { class: 'tasks-pager', attrs: { 'aria-label': 'taskList.paging' } },
    previousButton,
    nextButton,
  );
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
      viewField,
      groupField,
      noGroups,
      h(
        'div',
        { class: 'tasks-controls' },
        searchForm,
        h('div', { class: 'field field-inline' }, h('label', { for: 'tasks-sort', text: 'taskList.sort' }), sortSelect),
        h(
          'div',
          { class: 'field checkbox field-inline' },
          followUpBox,
          h('label', { for: 'tasks-follow-up', text: 'taskList.showFollowUp' }),
        ),
        refreshButton,
      ),
      listNotices.element,
      status,
      listContainer,
      pager,
    ),
    detail,
  );

  let tasks: readonly UserTask[] = [];
  let shown: ShownPage | null = null;
  let open: OpenTask | null = null;
  let loadCounter = 0;
  let shownGroups: string | null = null;
  let searchTimer = 0;

  renderEmptyDetail();
  renderControls();
  onLanguageChange(() => {
    renderControls();
    renderList();
    if (open) {
      renderDetailHead(open.task);
    }
  });

  function userGroups(): readonly string[] {
    return context.user()?.groups ?? [];
  }

  /** Takes the user's groups (they change with a new sign-in) and the stored choice for them. */
  function syncGroups(): void {
    const groups = userGroups();
    const key = groups.join('\n');
    if (key === shownGroups) {
      return;
    }
    shownGroups = key;
    choice = { ...readChoice(readStoredChoice(), groups), text: choice.text };
    closeTask();
    tasks = [];
    shown = null;
    renderControls();
    renderList();
  }

  function renderControls(): void {
    const groups = userGroups();
    for (const radio of viewRadios) {
      radio.checked = radio.value === choice.view;
    }
    groupField.hidden = choice.view !== 'groups' || groups.length === 0;
    noGroups.hidden = choice.view !== 'groups' || groups.length > 0;
    replaceChildren(
      groupOptions,
      ...groups.map((group, index) => {
        const box = h('input', {
          type: 'checkbox',
          id: `tasks-group-${index}`,
          value: group,
          'data-testid': 'group-checkbox',
          checked: choice.groups.includes(group),
          onchange: () => {
            choice = {
              ...choice,
              groups: groups.filter((name) => (name === group ? box.checked : choice.groups.includes(name))),
            };
            remember();
            void loadTasks();
          },
        });
        return h('div', { class: 'field checkbox field-inline' }, box, h('label', { for: box.id }, group));
      }),
    );
    replaceChildren(
      sortSelect,
      ...taskSortKeys.map((key) =>
        h('option', { value: key, selected: key === choice.sort }, t(`taskList.sort.${key}` as const)),
      ),
    );
    followUpBox.checked = choice.showFollowUp;
  }

  function search(): void {
    if (searchInput.value.trim() !== choice.text.trim()) {
      choice = { ...choice, text: searchInput.value };
      void loadTasks();
    }
  }

  /** Reads one page: the first, or the one after or before a cursor (at list position start). */
  async function loadTasks(cursor: ShownPage['cursor'] = {}, start = 0): Promise<void> {
    const me = context.user()?.userId;
    const request = me === undefined ? null : taskSearch(choice, me, cursor);
    const counter = ++loadCounter;
    if (!request) {
      tasks = [];
      shown = null;
      renderList();
      return;
    }
    setText(status, 'tasks.loading');
    element.setAttribute('aria-busy', 'true');
    try {
      const result = await context.api.searchUserTasks(request.filter, request.page, request.sort);
      if (counter !== loadCounter) {
        return;
      }
      if (result.items.length === 0 && start > 0) {
        // The page emptied (its tasks were completed meanwhile): show the first page instead.
        await loadTasks();
        return;
      }
      tasks = result.items;
      shown = {
        start: Math.max(0, start),
        cursor,
        totalItems: result.page.totalItems,
        hasMore: result.page.hasMoreTotalItems,
        startCursor: result.page.startCursor ?? null,
        endCursor: result.page.endCursor ?? null,
      };
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
    const page = shown;
    pager.hidden = !page || (page.start === 0 && page.start + tasks.length >= page.totalItems && !page.hasMore);
    previousButton.disabled = !page || page.start === 0;
    nextButton.disabled = !page || (page.start + tasks.length >= page.totalItems && !page.hasMore);
    if (choice.view === 'groups' && choice.groups.length === 0) {
      setText(status, userGroups().length > 0 ? 'taskList.noGroupChosen' : 'tasks.empty');
      listContainer.replaceChildren();
      return;
    }
    if (!page) {
      status.textContent = '';
      listContainer.replaceChildren();
      return;
    }
    if (tasks.length === 0) {
      setText(status, choice.view === 'mine' && !choice.text.trim() ? 'taskList.emptyMine' : 'tasks.empty');
      listContainer.replaceChildren();
      return;
    }
    const numbers = new Intl.NumberFormat(locale());
    setText(status, {
      key: page.hasMore ? 'taskList.rangeMore' : 'taskList.range',
      params: {
        from: numbers.format(page.start + 1),
        to: numbers.format(page.start + tasks.length),
        total: numbers.format(Math.max(page.totalItems, page.start + tasks.length)),
      },
    });
    replaceChildren(
      listContainer,
      taskTable({
        tasks,
        selectedKey: open?.task.userTaskKey ?? null,
        now: new Date(),
        userId: context.user()?.userId,
        caption:
          choice.view === 'mine'
            ? t('taskList.captionMine')
            : t('taskList.captionGroups', { groups: choice.groups.join(', ') }),
        onOpen: (task) => void openTask(task),
      }),
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
      const formJs = createTaskForm({ container });
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
      createTaskDocuments(context.api, task.userTaskKey).element,
      formContainer,
      h('div', { class: 'task-complete' }),
      createTaskComments(context.api, task.userTaskKey).element,
    );
    renderDetailHead(task);
  }

  /**
   * "Abschließen" only for a task the user holds: one click must never complete a task nobody claimed. Completing
   * asks once more (renderCompleteConfirmation).
   */
  function renderCompleteArea(task: UserTask): void {
    const area = detail.querySelector('.task-complete');
    if (!area) {
      return;
    }
    const me = context.user()?.userId;
    replaceChildren(
      area,
      me !== undefined && task.assignee === me
        ? h('button', {
            type: 'button',
            class: 'button button-primary',
            text: 'tasks.complete',
            'data-testid': 'complete-task',
            onclick: () => void complete(),
          })
        : h('p', { class: 'hint', text: 'taskList.claimToComplete' }),
    );
  }

  function renderCompleteConfirmation(current: OpenTask, variables: Readonly<Record<string, unknown>>): void {
    const area = detail.querySelector('.task-complete');
    if (!area) {
      return;
    }
    const question = h(
      'p',
      { id: 'task-complete-question' },
      t('taskList.confirmComplete', { name: caseTitle(current.task) }),
    );
    const confirm = h('button', {
      type: 'button',
      class: 'button button-primary',
      text: 'taskList.confirm',
      'data-testid': 'confirm-complete',
      'aria-describedby': 'task-complete-question',
      onclick: () => void completeNow(current, variables),
    });
    replaceChildren(
      area,
      h(
        'div',
        { class: 'task-confirm', role: 'group', 'aria-labelledby': 'task-complete-question' },
        question,
        h(
          'div',
          { class: 'task-confirm-actions' },
          confirm,
          h('button', {
            type: 'button',
            class: 'button',
            text: 'taskList.cancel',
            'data-testid': 'cancel-complete',
            onclick: () => {
              renderCompleteArea(current.task);
              detail.querySelector<HTMLElement>('[data-testid="complete-task"]')?.focus();
            },
          }),
        ),
      ),
    );
    confirm.focus();
  }

  function renderDetailHead(task: UserTask): void {
    const head = detail.querySelector('.task-detail-head');
    if (!head) {
      return;
    }
    const me = context.user()?.userId;
    const assignedToMe = me !== undefined && task.assignee === me;
    const columns = Object.entries((task.columns ?? {}) as Readonly<Record<string, unknown>>);
    const meta: [string, string][] = [
      ...columns.map(([name, value]): [string, string] => [columnLabel(name), formatValue(value)]),
      [t('taskList.column.task'), taskName(task)],
      [t('tasks.process'), processLabel(task)],
      [t('tasks.instance'), task.processInstanceKey],
      [t('tasks.created'), formatDateTime(task.creationDate)],
      [t('tasks.due'), formatDateTime(task.dueDate)],
      [t('tasks.assignee'), assigneeLabel(task, me)],
      [t('tasks.candidateGroups'), task.candidateGroups.join(', ') || t('tasks.none')],
    ];
    replaceChildren(
      head,
      h('h2', { id: 'task-detail-heading', tabindex: '-1' }, caseTitle(task)),
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
    renderCompleteArea(task);
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
      detailNotices.success({ key: done, params: { name: caseTitle(task) } });
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
    if (open === current) {
      renderCompleteConfirmation(current, variables);
    }
  }

  async function completeNow(current: OpenTask, variables: Readonly<Record<string, unknown>>): Promise<void> {
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
    listNotices.success({ key: 'tasks.completed', params: { name: caseTitle(current.task) } });
    await loadTasks(shown?.cursor ?? {}, shown?.start ?? 0);
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

  function remember(): void {
    try {
      const { view, groups, showFollowUp, sort } = choice;
      localStorage.setItem(choiceStorageKey, JSON.stringify({ view, groups, showFollowUp, sort }));
    } catch {
      // The choice then lasts for this page only.
    }
  }

  return {
    element,
    show: () => {
      syncGroups();
      void loadTasks();
    },
  };
}

function processLabel(task: UserTask): string {
  return `${task.processDefinitionId} (v${task.processDefinitionVersion})`;
}

function readStoredChoice(): unknown {
  try {
    return JSON.parse(localStorage.getItem(choiceStorageKey) ?? 'null') as unknown;
  } catch {
    return null;
  }
}
