import type { ProcessInstance } from '../../shared/api';
import { h, replaceChildren, setText } from '../../shared/dom';
import { formatDateTime } from '../../shared/format';
import { onLanguageChange, t } from '../../shared/i18n';
import { NoticeArea } from '../../shared/notices';
import { routeHash } from '../../shared/router';
import type { ViewContext } from '../../shared/view';
import { emptyFilter, isInstanceState, pageCount, searchRequest, type InstanceListFilter } from './instance-search';
import { instanceStateLabel, labelText } from './labels';

export interface InstanceList {
  readonly element: HTMLElement;
  show(): void;
  focusHeading(): void;
}

/** The operator's list of process instances: filters, a page of instances, paging. */
export function createInstanceList(context: ViewContext): InstanceList {
  const notices = new NoticeArea();
  const processSelect = h('select', {
    id: 'cockpit-process',
    'data-testid': 'instance-process-filter',
    onchange: () => changeFilter({ processDefinitionId: processSelect.value }),
  });
  const stateSelect = h(
    'select',
    {
      id: 'cockpit-state',
      'data-testid': 'instance-state-filter',
      onchange: () => {
        const value = stateSelect.value;
        changeFilter({ state: isInstanceState(value) ? value : '' });
      },
    },
    h('option', { value: '', text: 'cockpit.filter.allStates' }),
    ...(['ACTIVE', 'COMPLETED', 'TERMINATED'] as const).map((state) =>
      h('option', { value: state, text: `cockpit.state.${state}` as const }),
    ),
  );
  const incidentsOnly = h('input', {
    id: 'cockpit-incidents',
    type: 'checkbox',
    'data-testid': 'instance-incident-filter',
    onchange: () => changeFilter({ incidentsOnly: incidentsOnly.checked }),
  });
  const status = h('p', { class: 'tasks-status', role: 'status' });
  const table = h('div', { class: 'tasks-table-wrapper' });
  const previous = h('button', {
    type: 'button',
    class: 'button',
    text: 'cockpit.previous',
    onclick: () => goToPage(pageIndex - 1),
  });
  const next = h('button', {
    type: 'button',
    class: 'button',
    text: 'cockpit.next',
    onclick: () => goToPage(pageIndex + 1),
  });
  const pageInfo = h('span', { class: 'pager-info' });
  const pager = h('nav', { class: 'pager', attrs: { 'aria-label': 'cockpit.pager' } }, previous, pageInfo, next);

  const element = h(
    'section',
    { class: 'cockpit-list', 'aria-labelledby': 'cockpit-list-heading' },
    h('h2', { id: 'cockpit-list-heading', tabindex: '-1', text: 'cockpit.listHeading' }),
    h(
      'div',
      { class: 'tasks-controls', role: 'group', attrs: { 'aria-label': 'cockpit.filters' } },
      h(
        'div',
        { class: 'field field-inline' },
        h('label', { for: 'cockpit-process', text: 'cockpit.filter.process' }),
        processSelect,
      ),
      h(
        'div',
        { class: 'field field-inline' },
        h('label', { for: 'cockpit-state', text: 'cockpit.filter.state' }),
        stateSelect,
      ),
      h(
        'div',
        { class: 'field field-inline checkbox' },
        incidentsOnly,
        h('label', { for: 'cockpit-incidents', text: 'cockpit.filter.incidentsOnly' }),
      ),
      h('button', {
        type: 'button',
        class: 'button',
        text: 'cockpit.refresh',
        'data-testid': 'refresh-instances',
        onclick: () => void load(),
      }),
    ),
    notices.element,
    status,
    table,
    pager,
  );

  let filter: InstanceListFilter = emptyFilter;
  let pageIndex = 0;
  let items: readonly ProcessInstance[] = [];
  let totalItems = 0;
  let loaded = false;
  let loadCounter = 0;
  let processIds: readonly string[] = [];

  renderProcessOptions();
  onLanguageChange(() => render());

  function changeFilter(change: Partial<InstanceListFilter>): void {
    filter = { ...filter, ...change };
    pageIndex = 0;
    void load();
  }

  function goToPage(index: number): void {
    pageIndex = Math.min(Math.max(0, index), pageCount(totalItems) - 1);
    void load();
  }

  async function loadProcesses(): Promise<void> {
    try {
      const result = await context.api.searchProcessDefinitions({ isLatestVersion: true }, { from: 0, limit: 1000 });
      processIds = [...new Set(result.items.map((process) => process.processDefinitionId))].sort((a, b) =>
        a.localeCompare(b),
      );
      renderProcessOptions();
    } catch (error) {
      notices.error(error);
    }
  }

  function renderProcessOptions(): void {
    const selected = filter.processDefinitionId;
    const ids = selected && !processIds.includes(selected) ? [selected, ...processIds] : processIds;
    replaceChildren(
      processSelect,
      h('option', { value: '', text: 'cockpit.filter.allProcesses' }),
      ...ids.map((id) => h('option', { value: id, selected: id === selected }, id)),
    );
  }

  async function load(): Promise<void> {
    const counter = ++loadCounter;
    setText(status, 'cockpit.loading');
    element.setAttribute('aria-busy', 'true');
    try {
      const { filter: body, page } = searchRequest(filter, pageIndex);
      const result = await context.api.searchProcessInstances(body, page);
      if (counter !== loadCounter) {
        return;
      }
      items = result.items;
      totalItems = result.page.totalItems;
      loaded = true;
      notices.clearErrors();
      render();
    } catch (error) {
      if (counter === loadCounter) {
        status.textContent = '';
        notices.error(error);
      }
    } finally {
      if (counter === loadCounter) {
        element.removeAttribute('aria-busy');
      }
    }
  }

  function render(): void {
    const pages = pageCount(totalItems);
    previous.disabled = pageIndex === 0;
    next.disabled = pageIndex >= pages - 1;
    pager.hidden = pages <= 1;
    setText(pageInfo, { key: 'cockpit.pageOf', params: { page: pageIndex + 1, pages } });
    if (!loaded) {
      return;
    }
    const rows = items;
    status.textContent = statusText();
    if (rows.length === 0) {
      table.replaceChildren();
      return;
    }
    const header = h(
      'tr',
      {},
      ...(
        [
          'cockpit.column.key',
          'cockpit.column.process',
          'cockpit.column.state',
          'cockpit.column.started',
          'cockpit.column.ended',
          'cockpit.column.incident',
        ] as const
      ).map((key) => h('th', { scope: 'col', text: key })),
    );
    replaceChildren(
      table,
      h(
        'table',
        { class: 'tasks-table cockpit-table' },
        h('caption', { class: 'visually-hidden', text: 'cockpit.caption' }),
        h('thead', {}, header),
        h('tbody', {}, ...rows.map(row)),
      ),
    );
  }

  function statusText(): string {
    if (totalItems === 0) {
      return t('cockpit.empty');
    }
    return totalItems === 1 ? t('cockpit.countOne') : t('cockpit.count', { count: totalItems });
  }

  function row(instance: ProcessInstance): HTMLElement {
    const key = instance.processInstanceKey;
    const href = routeHash('cockpit', key);
    return h(
      'tr',
      {
        'data-testid': 'instance-row',
        'data-instance-key': key,
        class: instance.hasIncident ? 'has-incident' : false,
        onclick: (event: Event) => {
          if (!(event.target instanceof HTMLAnchorElement)) {
            window.location.hash = href;
          }
        },
      },
      h(
        'th',
        { scope: 'row' },
        h(
          'a',
          { href, class: 'instance-key', 'data-testid': 'instance-link', title: t('cockpit.openInstance', { key }) },
          key,
        ),
      ),
      h(
        'td',
        {},
        t('cockpit.processVersion', {
          processId: instance.processDefinitionId,
          version: instance.processDefinitionVersion,
        }),
      ),
      h('td', {}, stateBadge(instance.state)),
      h('td', {}, formatDateTime(instance.startDate)),
      h('td', {}, formatDateTime(instance.endDate)),
      h('td', {}, instance.hasIncident ? incidentBadge() : ''),
    );
  }

  return {
    element,
    show: () => {
      if (processIds.length === 0) {
        void loadProcesses();
      }
      void load();
    },
    focusHeading: () => element.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true }),
  };
}

export function stateBadge(state: string): HTMLElement {
  return h(
    'span',
    { class: `state state-${state.toLowerCase()}`, 'data-state': state },
    labelText(instanceStateLabel(state)),
  );
}

/** A warning sign and a word: the incident is told by more than the colour. */
export function incidentBadge(): HTMLElement {
  return h(
    'span',
    { class: 'badge badge-incident', 'data-testid': 'incident-marker' },
    h('span', { 'aria-hidden': 'true' }, '⚠ '),
    t('cockpit.incident'),
  );
}
