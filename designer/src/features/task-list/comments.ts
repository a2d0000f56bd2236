import './comments.css';

import type { ApiClient, TaskComment } from '../../shared/api';
import { h, replaceChildren, setText, uniqueId } from '../../shared/dom';
import { formatDateTime } from '../../shared/format';
import { t, type MessageParams } from '../../shared/i18n';
import { NoticeArea } from '../../shared/notices';

/** The longest comment the server accepts (TaskComments.MaxLength). */
export const maxCommentLength = 2000;

/** "erika am 01.12.2026, 09:00", or "max für erika am …" for a deputy's comment. */
export function commentByline(comment: Pick<TaskComment, 'author' | 'onBehalfOf' | 'createdAt'>): {
  key: 'comments.by' | 'comments.byFor';
  params: MessageParams;
} {
  const date = formatDateTime(comment.createdAt);
  return comment.onBehalfOf
    ? { key: 'comments.byFor', params: { author: comment.author, principal: comment.onBehalfOf, date } }
    : { key: 'comments.by', params: { author: comment.author, date } };
}

/** One comment as a list item; <paramref name="withTask"/> names the task too (the cockpit lists those of every task). */
export function commentItem(comment: TaskComment, withTask = false): HTMLElement {
  const byline = commentByline(comment);
  return h(
    'li',
    { class: 'comment', 'data-testid': 'comment', 'data-comment-key': comment.commentKey },
    h(
      'p',
      { class: 'comment-meta' },
      h('span', { text: byline }),
      withTask
        ? h('span', { class: 'comment-task', text: { key: 'comments.onTask', params: { task: comment.taskName } } })
        : null,
    ),
    h('p', { class: 'comment-text' }, comment.text),
  );
}

export interface TaskComments {
  readonly element: HTMLElement;
}

/** The comments of a task with a field to add one: shown below the task's form. */
export function createTaskComments(api: ApiClient, userTaskKey: string): TaskComments {
  const notices = new NoticeArea();
  const headingId = uniqueId('comments-heading');
  const inputId = uniqueId('comment-input');
  const hintId = uniqueId('comment-hint');
  const counterId = uniqueId('comment-counter');
  const list = h('ol', { class: 'comments', 'data-testid': 'comments' });
  const status = h('p', { class: 'hint', role: 'status' });
  const counter = h('p', { id: counterId, class: 'hint', 'aria-live': 'polite' });
  const input = h('textarea', {
    id: inputId,
    rows: 3,
    maxlength: maxCommentLength,
    'aria-describedby': `${hintId} ${counterId}`,
    'data-testid': 'comment-input',
    oninput: () => updateCounter(),
  });
  const add = h('button', {
    type: 'submit',
    class: 'button',
    text: 'comments.add',
    'data-testid': 'add-comment',
  });
  const element = h(
    'section',
    { class: 'task-comments', 'aria-labelledby': headingId, 'data-testid': 'task-comments' },
    h('h3', { id: headingId, text: 'comments.heading' }),
    status,
    list,
    h(
      'form',
      {
        class: 'comment-form',
        novalidate: true,
        onsubmit: (event: Event) => {
          event.preventDefault();
          void submit();
        },
      },
      notices.element,
      h(
        'div',
        { class: 'field' },
        h('label', { for: inputId, text: 'comments.label' }),
        input,
        h('p', { id: hintId, class: 'hint', text: { key: 'comments.hint', params: { max: maxCommentLength } } }),
        counter,
      ),
      add,
    ),
  );

  let comments: readonly TaskComment[] = [];

  function updateCounter(): void {
    setText(counter, { key: 'comments.remaining', params: { count: maxCommentLength - input.value.length } });
  }

  function render(): void {
    setText(status, comments.length === 0 ? 'comments.empty' : 'comments.heading');
    status.hidden = comments.length > 0;
    replaceChildren(list, ...comments.map((comment) => commentItem(comment)));
  }

  async function load(): Promise<void> {
    setText(status, 'comments.loading');
    try {
      comments = await api.userTaskComments(userTaskKey);
      render();
    } catch (error) {
      status.textContent = '';
      notices.error(error);
    }
  }

  async function submit(): Promise<void> {
    notices.clear();
    const text = input.value.trim();
    if (text.length === 0 || text.length > maxCommentLength) {
      input.setAttribute('aria-invalid', 'true');
      notices.warning(
        text.length === 0
          ? 'comments.required'
          : { key: 'comments.tooLong', params: { length: text.length, max: maxCommentLength } },
      );
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    add.disabled = true;
    try {
      const comment = await api.commentUserTask(userTaskKey, text);
      comments = [...comments, comment];
      input.value = '';
      updateCounter();
      render();
      notices.success('comments.added');
      input.focus();
    } catch (error) {
      notices.error(error);
    } finally {
      add.disabled = false;
    }
  }

  updateCounter();
  void load();
  return { element };
}

/** For screen readers and tests: the text a comment's byline reads in the current language. */
export function commentBylineText(comment: Pick<TaskComment, 'author' | 'onBehalfOf' | 'createdAt'>): string {
  const byline = commentByline(comment);
  return t(byline.key, byline.params);
}
