import type { ActiveElement, Incident, InstanceDocument, JournalEntry, ProcessInstance } from '../../shared/api';
import { h, replaceChildren, setText } from '../../shared/dom';
import { formatDateTime, formatDateTimeSeconds, none } from '../../shared/format';
import { onLanguageChange, t } from '../../shared/i18n';
import { NoticeArea } from '../../shared/notices';
import { routeHash } from '../../shared/router';
import type { ViewContext } from '../../shared/view';
import { InstanceDiagram } from './diagram';
import { incidentBadge, stateBadge } from './instance-list';
import { isInstanceKey } from './instance-search';
import { createInstanceComments } from './comments';
import { decisionAuditTable } from './decision-audit';
import { commandLabel, entryActorLabel, journalEventText } from './journal';
import { elementStateLabel, errorTypeLabel, labelText } from './labels';
import { diagramMarkers } from './markers';

export interface InstanceDetail {
  readonly element: HTMLElement;
  show(instanceKey: string): void;
  hide(): void;
}

interface Loaded {
  readonly instance: ProcessInstance;
  readonly journal: readonly JournalEntry[] | undefined;
  readonly documents: readonly InstanceDocument[] | undefined;
}

/**
 * One process instance for the operator: where it stands in its diagram, its variables, open incidents with a retry,
 * its journal, and cancelling it behind a confirmation.
 */
export function createInstanceDetail(context: ViewContext): InstanceDetail {
  const notices = new NoticeArea();
  const diagramNotices = new NoticeArea();
  const heading = h('h2', { id: 'cockpit-detail-heading', tabindex: '-1' });
  const meta = h('dl', { class: 'task-meta cockpit-meta' });
  const refreshButton = h('button', {
    type: 'button',
    class: 'button',
    text: 'cockpit.refresh',
    'data-testid': 'refresh-instance',
    onclick: () => void reload(),
  });
  const cancelButton = h('button', {
    type: 'button',
    class: 'button button-danger',
    text: 'cockpit.cancel',
    'aria-haspopup': 'dialog',
    'data-testid': 'cancel-instance',
    onclick: () => openCancelDialog(),
  });
  const incidents = h('section', {
    class: 'cockpit-incidents',
    'aria-labelledby': 'cockpit-incidents-heading',
    'data-testid': 'instance-incidents',
  });
  const diagram = new InstanceDiagram();
  const diagramHeading = h('h3', { id: 'cockpit-diagram-heading', class: 'visually-hidden' });
  const diagramSection = h(
    'section',
    { class: 'cockpit-diagram', 'aria-labelledby': 'cockpit-diagram-heading' },
    diagramHeading,
    diagramNotices.element,
    diagram.element,
    legend(),
  );
  const activeElements = h('section', { class: 'cockpit-panel', 'aria-labelledby': 'cockpit-active-heading' });
  const variables = h('section', {
    class: 'cockpit-panel',
    'aria-labelledby': 'cockpit-variables-heading',
    'data-testid': 'instance-variables',
  });
  const documents = h('section', {
    class: 'cockpit-panel',
    'aria-labelledby': 'cockpit-documents-heading',
    'data-testid': 'instance-documents',
  });
  const journal = h('section', {
    class: 'cockpit-journal',
    'aria-labelledby': 'cockpit-journal-heading',
    'data-testid': 'instance-journal',
  });
  const comments = createInstanceComments(context.api);
  const body = h(
    'div',
    { class: 'cockpit-detail-body' },
    incidents,
    diagramSection,
    h('div', { class: 'cockpit-columns' }, activeElements, variables),
    comments.element,
    documents,
    journal,
  );
  const cancelDialog = createCancelDialog();

  const element = h(
    'section',
    { class: 'cockpit-detail', 'aria-labelledby': 'cockpit-detail-heading', 'data-testid': 'instance-detail' },
    h(
      'a',
      { class: 'back-link', href: routeHash('cockpit'), 'data-testid': 'back-to-list' },
      h('span', { 'aria-hidden': 'true' }, '← '),
      h('span', { text: 'cockpit.backToList' }),
    ),
    h(
      'div',
      { class: 'cockpit-detail-head' },
      heading,
      h('div', { class: 'task-actions' }, refreshButton, cancelButton),
    ),
    meta,
    notices.element,
    body,
    cancelDialog.element,
  );

  let key = '';
  let loaded: Loaded | undefined;
  let loadCounter = 0;

  onLanguageChange(() => {
    if (loaded) {
      render(loaded);
      if (diagram.definitionKey === loaded.instance.processDefinitionKey) {
        // The badges' tooltips are texts too.
        diagram.mark(diagramMarkers(loaded.instance));
      }
    }
  });

  function show(instanceKey: string): void {
    if (instanceKey === key && loaded) {
      diagram.resized();
      void reload();
      return;
    }
    key = instanceKey;
    loaded = undefined;
    notices.clear();
    diagramNotices.clear();
    setText(heading, { key: 'cockpit.instanceHeading', params: { key: instanceKey } });
    heading.focus({ preventScroll: true });
    if (!isInstanceKey(instanceKey)) {
      body.hidden = true;
      meta.replaceChildren();
      cancelButton.hidden = true;
      refreshButton.hidden = true;
      notices.warning({ key: 'cockpit.invalidKey', params: { key: instanceKey } });
      return;
    }
    refreshButton.hidden = false;
    body.hidden = true;
    meta.replaceChildren(h('p', { text: 'cockpit.instanceLoading' }));
    void reload();
  }

  /** Loads instance and journal again; resolves with what was loaded, or undefined when it failed or was overtaken. */
  async function reload(): Promise<Loaded | undefined> {
    const counter = ++loadCounter;
    const instanceKey = key;
    element.setAttribute('aria-busy', 'true');
    try {
      const [instance, entries, letters] = await Promise.all([
        context.api.processInstance(instanceKey),
        context.api.processInstanceJournal(instanceKey).catch((error: unknown) => {
          // The instance is what the operator came for; a journal that fails to load is reported, not fatal.
          notices.error(error);
          return undefined;
        }),
        context.api.processInstanceDocuments(instanceKey).catch((error: unknown) => {
          notices.error(error);
          return undefined;
        }),
      ]);
      if (counter !== loadCounter) {
        return undefined;
      }
      loaded = { instance, journal: entries, documents: letters };
      body.hidden = false;
      render(loaded);
      void comments.load(instanceKey);
      await showDiagram(instance, counter);
      return loaded;
    } catch (error) {
      if (counter === loadCounter) {
        if (!loaded) {
          meta.replaceChildren();
          cancelButton.hidden = true;
        }
        notices.error(error);
      }
      return undefined;
    } finally {
      if (counter === loadCounter) {
        element.removeAttribute('aria-busy');
      }
    }
  }

  async function showDiagram(instance: ProcessInstance, counter: number): Promise<void> {
    const definitionKey = instance.processDefinitionKey;
    setText(diagramHeading, { key: 'cockpit.diagram', params: { version: instance.processDefinitionVersion } });
    diagram.element.setAttribute('aria-label', t('cockpit.diagram', { version: instance.processDefinitionVersion }));
    if (diagram.definitionKey !== definitionKey) {
      diagramNotices.clear();
      diagram.element.setAttribute('aria-busy', 'true');
      try {
        await diagram.showDefinition(definitionKey, () => context.api.processDefinitionXml(definitionKey));
      } catch (error) {
        if (counter === loadCounter) {
          diagram.clear();
          diagramNotices.error(error, 'cockpit.diagramFailed');
        }
        return;
      } finally {
        diagram.element.removeAttribute('aria-busy');
      }
    }
    if (counter !== loadCounter) {
      return;
    }
    diagram.mark(diagramMarkers(instance));
    if (loaded) {
      // Names from the diagram make the journal and the lists readable.
      render(loaded);
    }
  }

  function render({ instance, journal: entries, documents: letters }: Loaded): void {
    const active = instance.state.toUpperCase() === 'ACTIVE';
    cancelButton.hidden = !active;
    refreshButton.hidden = false;
    const rows: [string, Node | string][] = [
      [t('cockpit.meta.process'), processText(instance)],
      [t('cockpit.meta.state'), stateWithIncident(instance)],
      [t('cockpit.meta.started'), formatDateTime(instance.startDate)],
      [t('cockpit.meta.ended'), formatDateTime(instance.endDate)],
    ];
    if (instance.tenantId && instance.tenantId !== '<default>') {
      rows.push([t('cockpit.meta.tenant'), instance.tenantId]);
    }
    replaceChildren(meta, ...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
    renderIncidents(instance.incidents ?? [], active);
    renderActiveElements(instance.activeElements ?? []);
    renderVariables(instance.variables ?? {});
    renderDocuments(letters);
    renderJournal(entries);
  }

  function stateWithIncident(instance: ProcessInstance): HTMLElement {
    return h(
      'span',
      { class: 'state-line' },
      stateBadge(instance.state),
      instance.hasIncident ? incidentBadge() : null,
    );
  }

  function elementLabel(elementId: string, name?: string | null): string {
    const found = name?.trim() || diagram.nameOf(elementId)?.trim();
    return found && found !== elementId ? `${found} (${elementId})` : elementId;
  }

  function renderIncidents(open: readonly Incident[], active: boolean): void {
    incidents.hidden = open.length === 0;
    replaceChildren(
      incidents,
      h('h3', { id: 'cockpit-incidents-heading', text: 'cockpit.incidents' }),
      h(
        'ul',
        { class: 'incident-list' },
        ...open.map((incident) =>
          h(
            'li',
            { class: 'incident', 'data-testid': 'incident', 'data-element-id': incident.elementId },
            h(
              'p',
              { class: 'incident-title' },
              h('span', { 'aria-hidden': 'true' }, '⚠ '),
              h('strong', {}, elementLabel(incident.elementId)),
              ` · ${labelText(errorTypeLabel(incident.errorType))}`,
              incident.creationTime
                ? ` · ${t('cockpit.incidentSince', { date: formatDateTime(incident.creationTime) })}`
                : '',
            ),
            h('p', { class: 'incident-message', 'data-testid': 'incident-message' }, incident.errorMessage),
            active
              ? h('button', {
                  type: 'button',
                  class: 'button',
                  text: 'cockpit.retry',
                  'data-testid': 'retry-incident',
                  onclick: (event: Event) => void retry(incident, event.currentTarget as HTMLButtonElement),
                })
              : null,
          ),
        ),
      ),
    );
  }

  function renderActiveElements(elements: readonly ActiveElement[]): void {
    replaceChildren(
      activeElements,
      h('h3', { id: 'cockpit-active-heading', text: 'cockpit.activeElements' }),
      elements.length === 0
        ? h('p', { class: 'hint', text: 'cockpit.noActiveElements' })
        : h(
            'ul',
            { class: 'active-element-list' },
            ...elements.map((item) =>
              h(
                'li',
                { 'data-testid': 'active-element', 'data-element-id': item.elementId, 'data-state': item.state },
                h(
                  'span',
                  {
                    class:
                      item.state.toUpperCase() === 'INCIDENT'
                        ? 'element-state element-state-incident'
                        : 'element-state',
                  },
                  labelText(elementStateLabel(item.state)),
                ),
                ' ',
                elementLabel(item.elementId, item.elementName),
              ),
            ),
          ),
    );
  }

  function renderVariables(values: Readonly<Record<string, unknown>>): void {
    const names = Object.keys(values).sort((a, b) => a.localeCompare(b));
    replaceChildren(
      variables,
      h('h3', { id: 'cockpit-variables-heading', text: 'cockpit.variables' }),
      names.length === 0
        ? h('p', { class: 'hint', text: 'cockpit.noVariables' })
        : h(
            'table',
            { class: 'tasks-table variables-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col', text: 'cockpit.variableName' }),
                h('th', { scope: 'col', text: 'cockpit.variableValue' }),
              ),
            ),
            h(
              'tbody',
              {},
              ...names.map((name) =>
                h(
                  'tr',
                  { 'data-variable': name },
                  h('th', { scope: 'row' }, name),
                  h('td', {}, h('pre', { class: 'json' }, jsonText(values[name]))),
                ),
              ),
            ),
          ),
    );
  }

  /** Letters and Bescheide the instance's document tasks rendered, each a download link. */
  function renderDocuments(letters: readonly InstanceDocument[] | undefined): void {
    replaceChildren(
      documents,
      h('h3', { id: 'cockpit-documents-heading', text: 'cockpit.documents' }),
      letters === undefined
        ? null
        : letters.length === 0
          ? h('p', { class: 'hint', text: 'cockpit.noDocuments' })
          : h(
              'ul',
              { class: 'documents-list' },
              ...letters.map((letter) =>
                h(
                  'li',
                  { 'data-document': letter.documentKey },
                  h(
                    'a',
                    { href: context.api.documentUrl(key, letter.documentKey), download: letter.fileName },
                    letter.fileName,
                  ),
                  ' ',
                  h('span', {
                    class: 'hint',
                    text: {
                      key: 'cockpit.documentMeta',
                      params: {
                        element: diagram.nameOf(letter.elementId) ?? letter.elementId,
                        at: formatDateTime(letter.createdAt),
                      },
                    },
                  }),
                ),
              ),
            ),
    );
  }

  function renderJournal(entries: readonly JournalEntry[] | undefined): void {
    const nameOf = (elementId: string): string | undefined => diagram.nameOf(elementId);
    replaceChildren(
      journal,
      h('h3', { id: 'cockpit-journal-heading', text: 'cockpit.journal' }),
      entries === undefined
        ? null
        : entries.length === 0
          ? h('p', { class: 'hint', text: 'cockpit.journalEmpty' })
          : h(
              'div',
              { class: 'tasks-table-wrapper' },
              h(
                'table',
                { class: 'tasks-table journal-table' },
                h('caption', { class: 'visually-hidden', text: 'cockpit.journalCaption' }),
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    ...(
                      [
                        'cockpit.journal.sequence',
                        'cockpit.journal.at',
                        'cockpit.journal.actor',
                        'cockpit.journal.command',
                        'cockpit.journal.events',
                      ] as const
                    ).map((key) => h('th', { scope: 'col', text: key })),
                  ),
                ),
                h(
                  'tbody',
                  {},
                  ...entries.map((entry) =>
                    h(
                      'tr',
                      { 'data-testid': 'journal-entry', 'data-command': entry.command },
                      h('td', { class: 'numeric' }, String(entry.sequence)),
                      h('td', { class: 'nowrap' }, formatDateTimeSeconds(entry.at)),
                      h('td', {}, labelText(entryActorLabel(entry))),
                      h('td', {}, labelText(commandLabel(entry.command))),
                      h(
                        'td',
                        {},
                        entry.events.length === 0
                          ? none
                          : h(
                              'ul',
                              { class: 'journal-events' },
                              ...entry.events.map((event) => {
                                const text = journalEventText(event, nameOf);
                                return h(
                                  'li',
                                  { 'data-kind': event.kind },
                                  labelText(text.text),
                                  text.detail === undefined
                                    ? null
                                    : h('span', { class: 'journal-detail' }, labelText(text.detail)),
                                  text.decision ? decisionAuditTable(text.decision) : null,
                                );
                              }),
                            ),
                      ),
                    ),
                  ),
                ),
              ),
            ),
    );
  }

  async function retry(incident: Incident, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    const where = elementLabel(incident.elementId);
    try {
      await context.api.resolveIncident(incident.incidentKey);
    } catch (error) {
      notices.error(error, 'cockpit.retryFailed');
      button.disabled = false;
      return;
    }
    const after = await reload();
    if (!after) {
      return;
    }
    const again = (after.instance.incidents ?? []).some((open) => open.elementId === incident.elementId);
    if (again) {
      notices.warning({ key: 'cockpit.retriedAgain', params: { element: where } });
    } else {
      notices.success({ key: 'cockpit.retried', params: { element: where } });
    }
  }

  function openCancelDialog(): void {
    if (!loaded) {
      return;
    }
    const { instance } = loaded;
    cancelDialog.open(instance);
  }

  function createCancelDialog(): { element: HTMLDialogElement; open: (instance: ProcessInstance) => void } {
    const text = h('p', { id: 'cancel-dialog-text' });
    const dialogNotices = new NoticeArea();
    const confirm = h('button', {
      type: 'button',
      class: 'button button-danger',
      text: 'cockpit.cancelConfirm',
      'data-testid': 'confirm-cancel',
      onclick: () => void cancelInstance(),
    });
    const keep = h('button', {
      type: 'button',
      class: 'button',
      text: 'cockpit.cancelKeep',
      onclick: () => dialog.close(),
    });
    const dialog = h(
      'dialog',
      {
        class: 'dialog',
        role: 'alertdialog',
        'aria-labelledby': 'cancel-dialog-heading',
        'aria-describedby': 'cancel-dialog-text',
      },
      h('h2', { id: 'cancel-dialog-heading', text: 'cockpit.cancelTitle' }),
      text,
      dialogNotices.element,
      // The safe choice comes first and has the focus: Enter does not end an instance by accident.
      h('div', { class: 'dialog-actions' }, keep, confirm),
    );
    let target: ProcessInstance | undefined;

    function open(instance: ProcessInstance): void {
      target = instance;
      dialogNotices.clear();
      confirm.disabled = false;
      setText(text, {
        key: 'cockpit.cancelText',
        params: {
          key: instance.processInstanceKey,
          process: t('cockpit.processVersion', {
            processId: instance.processDefinitionId,
            version: instance.processDefinitionVersion,
          }),
        },
      });
      dialog.showModal();
      keep.focus();
    }

    async function cancelInstance(): Promise<void> {
      if (!target) {
        return;
      }
      const instanceKey = target.processInstanceKey;
      confirm.disabled = true;
      try {
        await context.api.cancelProcessInstance(instanceKey);
      } catch (error) {
        dialogNotices.error(error, 'cockpit.cancelFailed');
        confirm.disabled = false;
        return;
      }
      dialog.close();
      await reload();
      notices.success({ key: 'cockpit.canceled', params: { key: instanceKey } });
      heading.focus({ preventScroll: true });
    }

    return { element: dialog, open };
  }

  return {
    element,
    show,
    hide: () => {
      if (cancelDialog.element.open) {
        cancelDialog.element.close();
      }
    },
  };
}

/** A variable's value as indented JSON. */
function jsonText(value: unknown): string {
  // JSON.stringify answers undefined for undefined, whatever its declared type says.
  const text = JSON.stringify(value, null, 2) as string | undefined;
  return text ?? 'null';
}

/** "Antrag auf Wohngeld · wohngeld (v3)", or only the id and version when the process has no name. */
function processText(instance: ProcessInstance): string {
  const idAndVersion = t('cockpit.processVersion', {
    processId: instance.processDefinitionId,
    version: instance.processDefinitionVersion,
  });
  const name = instance.processDefinitionName?.trim();
  return name ? `${name} · ${idAndVersion}` : idAndVersion;
}

function legend(): HTMLElement {
  return h(
    'div',
    { class: 'cockpit-legend', role: 'group', attrs: { 'aria-label': 'cockpit.legend' } },
    h('span', { class: 'legend-title', text: 'cockpit.legend' }),
    h(
      'ul',
      {},
      h(
        'li',
        {},
        h(
          'span',
          { class: 'legend-swatch legend-active', 'aria-hidden': 'true' },
          h('span', { class: 'cockpit-badge cockpit-badge-active' }, '1'),
        ),
        h('span', { text: 'cockpit.legend.active' }),
      ),
      h(
        'li',
        {},
        h(
          'span',
          { class: 'legend-swatch legend-incident', 'aria-hidden': 'true' },
          h('span', { class: 'cockpit-badge cockpit-badge-incident' }, '!'),
        ),
        h('span', { text: 'cockpit.legend.incident' }),
      ),
    ),
  );
}
