import './substitutions.css';

import type { Substitution, SubstitutionState } from '../../shared/api';
import { h, replaceChildren, setText } from '../../shared/dom';
import { onLanguageChange, t, type MessageKey } from '../../shared/i18n';
import { NoticeArea } from '../../shared/notices';
import type { View, ViewContext } from '../../shared/view';
import { formatFrom, formatTo, userIds } from './period';

const states: readonly SubstitutionState[] = ['PLANNED', 'ACTIVE', 'ENDED'];

function stateLabel(state: string): MessageKey | undefined {
  return (states as readonly string[]).includes(state) ? (`substitutions.state.${state}` as MessageKey) : undefined;
}

/**
 * Vertretungen: whom the user stands in for now, the substitutions that concern them (all of the tenant for a team
 * lead), a form to add one (for someone else only as team lead) and a button to end one early.
 */
export function createSubstitutionsView(context: ViewContext): View {
  const notices = new NoticeArea();
  const formNotices = new NoticeArea();
  const deputyLine = h('p', { class: 'substitutions-deputy', 'data-testid': 'deputy-of', hidden: true });
  const status = h('p', { class: 'tasks-status', role: 'status' });
  const list = h('div', { class: 'tasks-table-wrapper' });

  const absentInput = h('input', {
    id: 'substitution-absent',
    name: 'absentUserId',
    autocomplete: 'off',
    'aria-describedby': 'substitution-absent-hint',
    'data-testid': 'substitution-absent',
  });
  const absentField = h(
    'div',
    { class: 'field', hidden: true },
    h('label', { for: 'substitution-absent', text: 'substitutions.absentUser' }),
    absentInput,
    h('p', { id: 'substitution-absent-hint', class: 'hint', text: 'substitutions.absentUserHint' }),
  );
  const deputiesInput = h('input', {
    id: 'substitution-deputies',
    name: 'deputies',
    required: true,
    autocomplete: 'off',
    'aria-describedby': 'substitution-deputies-hint',
    'data-testid': 'substitution-deputies',
  });
  const fromInput = h('input', {
    id: 'substitution-from',
    name: 'from',
    type: 'date',
    'data-testid': 'substitution-from',
  });
  const toInput = h('input', {
    id: 'substitution-to',
    name: 'to',
    type: 'date',
    required: true,
    'aria-describedby': 'substitution-dates-hint',
    'data-testid': 'substitution-to',
  });
  const submit = h('button', {
    type: 'submit',
    class: 'button button-primary',
    text: 'substitutions.create',
    'data-testid': 'create-substitution',
  });
  const form = h(
    'form',
    {
      class: 'substitutions-form',
      'aria-labelledby': 'substitutions-new-heading',
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        void create();
      },
    },
    h('h2', { id: 'substitutions-new-heading', text: 'substitutions.new' }),
    formNotices.element,
    absentField,
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'substitution-deputies', text: 'substitutions.deputies' }),
      deputiesInput,
      h('p', { id: 'substitution-deputies-hint', class: 'hint', text: 'substitutions.deputiesHint' }),
    ),
    h(
      'div',
      { class: 'substitutions-dates' },
      h('div', { class: 'field' }, h('label', { for: 'substitution-from', text: 'substitutions.from' }), fromInput),
      h('div', { class: 'field' }, h('label', { for: 'substitution-to', text: 'substitutions.to' }), toInput),
    ),
    h('p', { id: 'substitution-dates-hint', class: 'hint', text: 'substitutions.datesHint' }),
    h('div', { class: 'task-actions' }, submit),
  );

  const element = h(
    'section',
    { class: 'substitutions', 'aria-labelledby': 'substitutions-heading' },
    h('h1', { id: 'substitutions-heading', tabindex: '-1', text: 'substitutions.heading' }),
    h('p', { class: 'hint', text: 'substitutions.intro' }),
    notices.element,
    deputyLine,
    form,
    h(
      'section',
      { 'aria-labelledby': 'substitutions-list-heading' },
      h(
        'div',
        { class: 'substitutions-list-head' },
        h('h2', { id: 'substitutions-list-heading', text: 'substitutions.list' }),
        h('button', {
          type: 'button',
          class: 'button',
          text: 'substitutions.refresh',
          'data-testid': 'refresh-substitutions',
          onclick: () => void load(),
        }),
      ),
      status,
      list,
    ),
  );

  let items: readonly Substitution[] = [];
  let loadCounter = 0;

  onLanguageChange(() => render());

  function me(): string {
    return context.user()?.userId ?? '';
  }

  function isTeamLead(): boolean {
    const roles = context.user()?.roles ?? [];
    return roles.includes('teamlead') || roles.includes('admin');
  }

  async function load(): Promise<void> {
    const counter = ++loadCounter;
    setText(status, 'substitutions.loading');
    element.setAttribute('aria-busy', 'true');
    try {
      const result = await context.api.searchSubstitutions();
      if (counter !== loadCounter) {
        return;
      }
      items = result.items;
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
    absentField.hidden = !isTeamLead();
    const standingInFor = items.filter((item) => item.state === 'ACTIVE' && item.deputies.includes(me()));
    deputyLine.hidden = standingInFor.length === 0;
    setText(deputyLine, {
      key: 'substitutions.asDeputy',
      params: { names: standingInFor.map((item) => `${item.absentUserId} (${formatTo(item.to)})`).join(', ') },
    });
    setText(status, 'substitutions.empty');
    status.hidden = items.length > 0;
    if (items.length === 0) {
      list.replaceChildren();
      return;
    }
    replaceChildren(
      list,
      h(
        'table',
        { class: 'tasks-table substitutions-table' },
        h('caption', { class: 'visually-hidden', text: 'substitutions.caption' }),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...(
              [
                'substitutions.column.absent',
                'substitutions.column.deputies',
                'substitutions.column.period',
                'substitutions.column.state',
                'substitutions.column.actions',
              ] as const
            ).map((key) => h('th', { scope: 'col', text: key })),
          ),
        ),
        h('tbody', {}, ...items.map(row)),
      ),
    );
  }

  function row(item: Substitution): HTMLElement {
    const label = stateLabel(item.state);
    const mayEnd = item.state !== 'ENDED' && (item.absentUserId === me() || isTeamLead());
    const deputies = item.deputies.join(', ');
    return h(
      'tr',
      { 'data-testid': 'substitution-row', 'data-substitution-key': item.substitutionKey, 'data-state': item.state },
      h(
        'th',
        { scope: 'row' },
        item.absentUserId,
        h(
          'span',
          { class: 'substitutions-groups' },
          item.absentUserGroups.length > 0
            ? t('substitutions.groups', { groups: item.absentUserGroups.join(', ') })
            : t('substitutions.noGroups'),
        ),
      ),
      h('td', {}, deputies),
      h('td', {}, t('substitutions.period', { from: formatFrom(item.from), to: formatTo(item.to) })),
      h(
        'td',
        {},
        h(
          'span',
          { class: `substitution-state substitution-state-${item.state.toLowerCase()}` },
          label ? t(label) : item.state,
        ),
      ),
      h(
        'td',
        {},
        mayEnd
          ? h('button', {
              type: 'button',
              class: 'button button-secondary',
              text: 'substitutions.end',
              attrs: {
                'aria-label': { key: 'substitutions.endLabel', params: { absent: item.absentUserId, deputies } },
              },
              'data-testid': 'end-substitution',
              onclick: (event: Event) => void end(item, event.currentTarget as HTMLButtonElement),
            })
          : null,
      ),
    );
  }

  async function create(): Promise<void> {
    formNotices.clear();
    const deputies = userIds(deputiesInput.value);
    const to = toInput.value;
    const problems: MessageKey[] = [];
    deputiesInput.setAttribute('aria-invalid', String(deputies.length === 0));
    toInput.setAttribute('aria-invalid', String(to.length === 0));
    if (deputies.length === 0) {
      problems.push('substitutions.deputiesRequired');
    }
    if (to.length === 0) {
      problems.push('substitutions.toRequired');
    }
    const [first, ...more] = problems;
    if (first !== undefined) {
      // One notice naming every missing field; the first of them gets the focus.
      formNotices.warning(
        first,
        more.map((key) => t(key)),
      );
      (deputies.length === 0 ? deputiesInput : toInput).focus();
      return;
    }
    const absent = isTeamLead() ? absentInput.value.trim() : '';
    submit.disabled = true;
    try {
      const created = await context.api.createSubstitution({
        ...(absent.length > 0 ? { absentUserId: absent } : {}),
        deputies,
        ...(fromInput.value.length > 0 ? { from: fromInput.value } : {}),
        to,
      });
      form.reset();
      notices.success({ key: 'substitutions.created', params: { absent: created.absentUserId } });
      await load();
    } catch (error) {
      formNotices.error(error);
    } finally {
      submit.disabled = false;
    }
  }

  async function end(item: Substitution, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      await context.api.endSubstitution(item.substitutionKey);
    } catch (error) {
      notices.error(error);
      button.disabled = false;
      return;
    }
    notices.success({ key: 'substitutions.ended', params: { absent: item.absentUserId } });
    await load();
    element.querySelector<HTMLElement>('#substitutions-list-heading')?.focus();
  }

  return {
    element,
    show: () => {
      render();
      void load();
    },
  };
}
