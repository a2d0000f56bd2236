import { h } from '../../shared/dom';
import type { View, ViewContext } from '../../shared/view';
import { createInstanceDetail } from './instance-detail';
import { createInstanceList } from './instance-list';

/**
 * Cockpit: the operators' view of running and finished process instances. `#/cockpit` lists them,
 * `#/cockpit/<instanceKey>` shows one; the list keeps its filters and page while an instance is open.
 */
export function createCockpitView(context: ViewContext): View {
  const list = createInstanceList(context);
  const detail = createInstanceDetail(context);
  const element = h(
    'section',
    { class: 'cockpit', 'aria-labelledby': 'cockpit-heading' },
    h('h1', { id: 'cockpit-heading', class: 'visually-hidden', tabindex: '-1', text: 'cockpit.heading' }),
    list.element,
    detail.element,
  );
  let shownPath: string | undefined;

  return {
    element,
    show: (path) => {
      const changed = shownPath !== undefined && shownPath !== path;
      shownPath = path;
      list.element.hidden = path.length > 0;
      detail.element.hidden = path.length === 0;
      if (path.length === 0) {
        detail.hide();
        list.show();
        if (changed) {
          list.focusHeading();
        }
      } else {
        detail.show(path);
      }
    },
    hide: () => detail.hide(),
  };
}
