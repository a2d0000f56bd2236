import type { UserTask } from '../../shared/api';
import { h } from '../../shared/dom';

/**
 * What the task list shows for a task without a form-js form of the engine: a link to its external form, the key
 * another application knows its form by (Camunda 8: a custom form key), or that it has none.
 */
export function formElsewhere(task: UserTask): HTMLElement {
  const reference = task.externalFormReference;
  if (reference) {
    // Only web addresses become links: a model must not be able to put a script URL into the clerk's page.
    const link = /^https?:\/\//i.test(reference)
      ? h(
          'a',
          { href: reference, target: '_blank', rel: 'noopener noreferrer', 'data-testid': 'external-form' },
          reference,
        )
      : h('code', {}, reference);
    return h('p', { class: 'hint' }, h('span', { text: 'tasks.externalForm' }), ' ', link);
  }
  if (task.customFormKey) {
    return h('p', {
      class: 'hint',
      'data-testid': 'custom-form-key',
      text: { key: 'tasks.customFormKey', params: { formKey: task.customFormKey } },
    });
  }
  return h('p', { class: 'hint', text: 'tasks.noForm' });
}
