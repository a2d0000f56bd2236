import type { Page, SortCriterion, UserTaskFilter } from '../../shared/api';

/** Which tasks the list shows: the user's own (assigned to them) or those of their groups. */
export type TaskListView = 'mine' | 'groups';

export type TaskSortKey = 'due' | 'created' | 'priority' | 'followUp';

export const taskSortKeys: readonly TaskSortKey[] = ['due', 'created', 'priority', 'followUp'];

/** What the clerk chose in the list's controls; kept between visits. */
export interface TaskListChoice {
  readonly view: TaskListView;
  /** The groups whose tasks the group view shows; several at once. */
  readonly groups: readonly string[];
  readonly text: string;
  /** Whether tasks put on follow-up (Wiedervorlage) with a date still ahead are shown. */
  readonly showFollowUp: boolean;
  readonly sort: TaskSortKey;
}

export interface TaskSearch {
  readonly filter: UserTaskFilter;
  readonly sort: readonly SortCriterion[];
  readonly page: Page;
}

export const pageSize = 50;

const sorts: Readonly<Record<TaskSortKey, readonly SortCriterion[]>> = {
  // Deadlines first (tasks without one last, as the server sorts missing values).
  due: [{ field: 'dueDate', order: 'ASC' }],
  created: [{ field: 'creationDate', order: 'DESC' }],
  priority: [
    { field: 'priority', order: 'DESC' },
    { field: 'creationDate', order: 'ASC' },
  ],
  followUp: [{ field: 'followUpDate', order: 'ASC' }],
};

/**
 * The search the list sends for the clerk's choice: open tasks, the user's own or those of the chosen groups, the
 * words searched for, follow-ups hidden unless asked for; one page, from the start or from a cursor of the page
 * before or after. Null when there is nothing to search (the group view without a group).
 */
export function taskSearch(
  choice: TaskListChoice,
  userId: string,
  cursor: { readonly after?: string; readonly before?: string } = {},
): TaskSearch | null {
  const groups = [...new Set(choice.groups)];
  const [onlyGroup] = groups;
  if (choice.view === 'groups' && onlyGroup === undefined) {
    return null;
  }
  const text = choice.text.trim();
  const filter: UserTaskFilter = {
    state: 'CREATED',
    ...(choice.view === 'mine'
      ? { assignee: userId }
      : { candidateGroup: groups.length === 1 && onlyGroup !== undefined ? onlyGroup : { $in: groups } }),
    ...(text ? { text } : {}),
    ...(choice.showFollowUp ? {} : { followUpPending: false }),
  };
  const page: Page = cursor.after
    ? { from: null, limit: pageSize, after: cursor.after }
    : cursor.before
      ? { from: null, limit: pageSize, before: cursor.before }
      : { from: 0, limit: pageSize };
  return { filter, sort: sorts[choice.sort], page };
}

/** The choice read back from storage: anything unknown or missing falls back to the defaults. */
export function readChoice(stored: unknown, userGroups: readonly string[]): TaskListChoice {
  const value = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const groups = Array.isArray(value.groups)
    ? value.groups.filter((group): group is string => typeof group === 'string' && userGroups.includes(group))
    : [];
  return {
    view: value.view === 'mine' ? 'mine' : 'groups',
    groups: groups.length > 0 ? groups : [...userGroups],
    text: '',
    showFollowUp: value.showFollowUp === true,
    sort: taskSortKeys.includes(value.sort as TaskSortKey) ? (value.sort as TaskSortKey) : 'due',
  };
}
