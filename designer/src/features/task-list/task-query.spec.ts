import { describe, expect, it } from 'vitest';
import { pageSize, readChoice, taskSearch, type TaskListChoice } from './task-query';

const choice: TaskListChoice = { view: 'groups', groups: ['fachamt'], text: '', showFollowUp: false, sort: 'due' };

describe('the task list search', () => {
  it('asks for the open tasks of one group by due date, follow-ups hidden, first page', () => {
    expect(taskSearch(choice, 'erika')).toEqual({
      filter: { state: 'CREATED', candidateGroup: 'fachamt', followUpPending: false },
      sort: [{ field: 'dueDate', order: 'ASC' }],
      page: { from: 0, limit: pageSize },
    });
  });

  it('asks for several groups at once', () => {
    expect(taskSearch({ ...choice, groups: ['fachamt', 'kasse', 'fachamt'] }, 'erika')?.filter.candidateGroup).toEqual({
      $in: ['fachamt', 'kasse'],
    });
  });

  it('asks for the user’s own tasks in "Meine Aufgaben", whatever groups are chosen', () => {
    const filter = taskSearch({ ...choice, view: 'mine' }, 'erika')?.filter;
    expect(filter).toEqual({ state: 'CREATED', assignee: 'erika', followUpPending: false });
  });

  it('searches the words typed, trimmed, and shows follow-ups when asked to', () => {
    const filter = taskSearch({ ...choice, text: '  Müller GmbH ', showFollowUp: true }, 'erika')?.filter;
    expect(filter).toEqual({ state: 'CREATED', candidateGroup: 'fachamt', text: 'Müller GmbH' });
  });

  it('sorts newest first, by priority, or by follow-up date', () => {
    expect(taskSearch({ ...choice, sort: 'created' }, 'e')?.sort).toEqual([{ field: 'creationDate', order: 'DESC' }]);
    expect(taskSearch({ ...choice, sort: 'priority' }, 'e')?.sort).toEqual([
      { field: 'priority', order: 'DESC' },
      { field: 'creationDate', order: 'ASC' },
    ]);
    expect(taskSearch({ ...choice, sort: 'followUp' }, 'e')?.sort).toEqual([{ field: 'followUpDate', order: 'ASC' }]);
  });

  it('pages on after the last task or back before the first, by cursor', () => {
    expect(taskSearch(choice, 'e', { after: 'abc' })?.page).toEqual({ from: null, limit: pageSize, after: 'abc' });
    expect(taskSearch(choice, 'e', { before: 'xyz' })?.page).toEqual({ from: null, limit: pageSize, before: 'xyz' });
  });

  it('asks nothing in the group view without a group', () => {
    expect(taskSearch({ ...choice, groups: [] }, 'erika')).toBeNull();
  });
});

describe('the stored choice', () => {
  it('keeps what is valid and falls back to the defaults for the rest', () => {
    expect(
      readChoice({ view: 'mine', groups: ['kasse', 'fremd'], showFollowUp: true, sort: 'priority' }, [
        'fachamt',
        'kasse',
      ]),
    ).toEqual({
      view: 'mine',
      groups: ['kasse'],
      text: '',
      showFollowUp: true,
      sort: 'priority',
    });
  });

  it('starts with every group of the user, by due date, follow-ups hidden', () => {
    expect(readChoice(null, ['fachamt', 'kasse'])).toEqual({
      view: 'groups',
      groups: ['fachamt', 'kasse'],
      text: '',
      showFollowUp: false,
      sort: 'due',
    });
    expect(readChoice({ view: 'alle', sort: 'farbe', groups: 'fachamt' }, ['fachamt']).sort).toBe('due');
  });
});
