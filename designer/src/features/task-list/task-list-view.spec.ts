// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../../test/memory-storage';
import type {
  ApiClient,
  CurrentUser,
  Page,
  SearchResult,
  SortCriterion,
  UserTask,
  UserTaskFilter,
} from '../../shared/api';
import { resetLanguageForTests } from '../../shared/i18n';
import { createTaskListView } from './index';

const erika: CurrentUser = {
  userId: 'erika',
  displayName: 'Erika',
  groups: ['fachamt', 'kasse'],
  roles: ['clerk'],
  tenantId: '<default>',
  developmentLogin: true,
  tenantIds: ['<default>'],
};

function task(key: string, assignee: string | null = null): UserTask {
  return {
    userTaskKey: key,
    name: 'Sachlich richtig',
    state: 'CREATED',
    assignee,
    candidateGroups: ['fachamt'],
    candidateUsers: [],
    elementId: 'SachlichRichtig',
    elementInstanceKey: `${key}0`,
    processDefinitionId: 'rechnungsfreigabe',
    processDefinitionKey: '4',
    processDefinitionVersion: 2,
    processInstanceKey: `${key}1`,
    formKey: null,
    formId: null,
    creationDate: '2026-12-01T08:00:00Z',
    completionDate: null,
    dueDate: null,
    followUpDate: null,
    priority: 50,
    tenantId: '<default>',
    title: `Rechnung R-${key}`,
    columns: { betrag: 7350.2 },
  };
}

/** The API as far as the list uses it, answering from a list of open tasks. */
function fakeApi(open: UserTask[]) {
  const searches: { filter: UserTaskFilter; page: Page; sort: readonly SortCriterion[] }[] = [];
  const api = {
    searches,
    completed: [] as string[],
    searchUserTasks: vi.fn((filter: UserTaskFilter, page: Page, sort: readonly SortCriterion[]) => {
      searches.push({ filter, page, sort });
      const start = page.after ? Number(page.after) : 0;
      const items = open.slice(start, start + (page.limit ?? 50));
      const result: SearchResult<UserTask> = {
        items,
        page: {
          totalItems: open.length,
          hasMoreTotalItems: false,
          startCursor: String(start),
          endCursor: String(start + items.length),
        },
      };
      return Promise.resolve(result);
    }),
    userTask: vi.fn((key: string) => Promise.resolve(open.find((t) => t.userTaskKey === key) as UserTask)),
    assignUserTask: vi.fn((key: string, assignee: string) => {
      open = open.map((t) => (t.userTaskKey === key ? { ...t, assignee } : t));
      return Promise.resolve();
    }),
    userTaskForm: vi.fn(() => Promise.resolve(null)),
    userTaskVariables: vi.fn(() => Promise.resolve({})),
    completeUserTask: vi.fn((key: string) => {
      api.completed.push(key);
      open = open.filter((t) => t.userTaskKey !== key);
      return Promise.resolve();
    }),
  };
  return api;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

describe('the task list page', () => {
  beforeEach(() => {
    Object.defineProperty(window, 'localStorage', { value: new MemoryStorage(), configurable: true });
    resetLanguageForTests();
  });

  function start(tasks: UserTask[]) {
    const api = fakeApi(tasks);
    const view = createTaskListView({
      api: api as unknown as ApiClient,
      user: () => erika,
      signedIn: () => undefined,
    });
    document.body.replaceChildren(view.element);
    view.show('');
    return { api, element: view.element };
  }

  it('first lists the open tasks of all the user’s groups, by due date, follow-ups hidden', async () => {
    const { api, element } = start([task('1'), task('2')]);
    await settle();

    expect(api.searches[0]?.filter).toEqual({
      state: 'CREATED',
      candidateGroup: { $in: ['fachamt', 'kasse'] },
      followUpPending: false,
    });
    expect(element.querySelectorAll('[data-testid="task-row"]')).toHaveLength(2);
    expect(element.querySelector('.tasks-status')?.textContent).toBe('Aufgaben 1–2 von 2');
  });

  it('switches to "Meine Aufgaben" and searches by words', async () => {
    const { api, element } = start([task('1')]);
    await settle();

    element.querySelector<HTMLInputElement>('[data-testid="view-mine"]')?.click();
    await settle();
    const search = element.querySelector<HTMLInputElement>('[data-testid="task-search"]');
    if (search) {
      search.value = 'Müller';
    }
    search?.form?.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();

    expect(api.searches.at(-2)?.filter).toEqual({ state: 'CREATED', assignee: 'erika', followUpPending: false });
    expect(api.searches.at(-1)?.filter).toEqual({
      state: 'CREATED',
      assignee: 'erika',
      text: 'Müller',
      followUpPending: false,
    });
  });

  it('pages on beyond the first 50 tasks by cursor', async () => {
    const { api, element } = start(Array.from({ length: 120 }, (_, i) => task(String(i + 1))));
    await settle();

    element.querySelector<HTMLButtonElement>('[data-testid="next-page"]')?.click();
    await settle();

    expect(api.searches.at(-1)?.page).toEqual({ from: null, limit: 50, after: '50' });
    expect(element.querySelector('.tasks-status')?.textContent).toBe('Aufgaben 51–100 von 120');
    expect(element.querySelector<HTMLButtonElement>('[data-testid="previous-page"]')?.disabled).toBe(false);
  });

  it('completes a task only once the user holds it, and only after asking', async () => {
    const { api, element } = start([task('1')]);
    await settle();

    element.querySelector<HTMLButtonElement>('[data-testid="task-row"] th button')?.click();
    await settle();
    expect(element.querySelector('[data-testid="complete-task"]')).toBeNull();
    expect(element.querySelector('.task-complete')?.textContent).toContain('Übernehmen Sie die Aufgabe');

    element.querySelector<HTMLButtonElement>('[data-testid="claim-task"]')?.click();
    await settle();
    element.querySelector<HTMLButtonElement>('[data-testid="complete-task"]')?.click();
    await settle();
    expect(api.completed).toEqual([]);
    expect(element.querySelector('.task-confirm')?.textContent).toContain('Aufgabe „Rechnung R-1“ jetzt abschließen?');
    expect(document.activeElement?.getAttribute('data-testid')).toBe('confirm-complete');

    element.querySelector<HTMLButtonElement>('[data-testid="confirm-complete"]')?.click();
    await settle();
    expect(api.completed).toEqual(['1']);
  });

  it('can be talked out of completing', async () => {
    const { api, element } = start([task('1', 'erika')]);
    await settle();
    element.querySelector<HTMLButtonElement>('[data-testid="task-row"] th button')?.click();
    await settle();

    element.querySelector<HTMLButtonElement>('[data-testid="complete-task"]')?.click();
    await settle();
    element.querySelector<HTMLButtonElement>('[data-testid="cancel-complete"]')?.click();
    await settle();

    expect(api.completed).toEqual([]);
    expect(element.querySelector('[data-testid="complete-task"]')).not.toBeNull();
  });
});
