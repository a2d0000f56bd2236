import '../task-list/comments.css';

import type { ApiClient, TaskComment } from '../../shared/api';
import { h, replaceChildren, setText } from '../../shared/dom';
import { NoticeArea } from '../../shared/notices';
import { commentItem } from '../task-list/comments';

export interface InstanceComments {
  readonly element: HTMLElement;
  /** Loads the comments of the instance's tasks again; a failure is reported in the section, not fatal to the page. */
  load(processInstanceKey: string): Promise<void>;
}

/** The comments on every task of an instance, oldest first, each naming its task: read-only for the operator. */
export function createInstanceComments(api: ApiClient): InstanceComments {
  const notices = new NoticeArea();
  const status = h('p', { class: 'hint' });
  const list = h('ol', { class: 'comments', 'data-testid': 'instance-comments-list' });
  const element = h(
    'section',
    { class: 'cockpit-comments', 'aria-labelledby': 'cockpit-comments-heading', 'data-testid': 'instance-comments' },
    h('h3', { id: 'cockpit-comments-heading', text: 'cockpit.comments' }),
    notices.element,
    status,
    list,
  );
  let counter = 0;

  async function load(processInstanceKey: string): Promise<void> {
    const current = ++counter;
    let comments: readonly TaskComment[];
    try {
      comments = await api.processInstanceComments(processInstanceKey);
    } catch (error) {
      if (current === counter) {
        notices.error(error);
      }
      return;
    }
    if (current !== counter) {
      return;
    }
    notices.clear();
    status.hidden = comments.length > 0;
    setText(status, 'comments.empty');
    replaceChildren(list, ...comments.map((comment) => commentItem(comment, true)));
  }

  return { element, load };
}
