import { ApiError, type ProblemEntry } from './api';
import { h, replaceChildren, type Text } from './dom';
import { t, type MessageKey } from './i18n';

export type NoticeKind = 'success' | 'info' | 'warning' | 'error';

export interface ProblemView {
  readonly title: string;
  readonly detail?: string;
  readonly entries: readonly ProblemEntry[];
}

export interface NoticeOptions {
  /** Makes entries with an element id clickable (the modeler selects the element). */
  readonly onElement?: (elementId: string) => void;
  /** A sentence after the problem, e.g. that the previous diagram stays open. */
  readonly hint?: MessageKey;
}

/** A button inside a notice, e.g. "Wiederherstellen". */
export interface NoticeAction {
  readonly label: MessageKey;
  readonly run: () => void;
}

/** Where a view reports what happened: one notice at a time, announced to screen readers. */
export class NoticeArea {
  readonly element: HTMLElement;

  constructor() {
    this.element = h('div', { class: 'notices', 'aria-live': 'polite' });
  }

  success(text: MessageKey | Text, action?: NoticeAction): void {
    this.show('success', h('p', { text }), this.actionButton(action));
  }

  info(text: MessageKey | Text, action?: NoticeAction): void {
    this.show('info', h('p', { text }), this.actionButton(action));
  }

  warning(text: MessageKey | Text, details: readonly string[] = []): void {
    this.show(
      'warning',
      h('p', { text }),
      details.length > 0 ? h('ul', {}, ...details.map((d) => h('li', {}, d))) : null,
    );
  }

  /** A success that comes with warnings, e.g. a deployment the engine accepted with remarks on some elements. */
  successWithWarnings(text: MessageKey | Text, warnings: readonly ProblemEntry[], options: NoticeOptions = {}): void {
    if (warnings.length === 0) {
      this.success(text);
      return;
    }
    this.show(
      'warning',
      h('p', { text }),
      h('p', { class: 'notice-context', text: { key: 'notice.warnings', params: { count: warnings.length } } }),
      h('ul', { class: 'problem-list' }, ...warnings.map((entry) => h('li', {}, ...entryContent(entry, options)))),
    );
  }

  /** Shows an error with its title, detail and every listed problem. `context` heads it, e.g. "Deployment fehlgeschlagen." */
  error(error: unknown, context?: MessageKey, options: NoticeOptions = {}): void {
    const problem = describeError(error);
    const entries = problem.entries.map((entry) => h('li', {}, ...entryContent(entry, options)));
    this.show(
      'error',
      context ? h('p', { class: 'notice-context', text: context }) : null,
      h('p', { class: 'notice-title' }, problem.title),
      problem.detail && problem.detail !== problem.title ? h('p', {}, problem.detail) : null,
      entries.length > 0 ? h('ul', { class: 'problem-list' }, ...entries) : null,
      options.hint ? h('p', { text: options.hint }) : null,
    );
  }

  clear(): void {
    this.element.replaceChildren();
  }

  /** Removes a stale error after the failed action worked, but keeps a confirmation. */
  clearErrors(): void {
    this.element.querySelector('.notice-error')?.remove();
  }

  private actionButton(action: NoticeAction | undefined): HTMLElement | null {
    if (!action) {
      return null;
    }
    return h('button', {
      type: 'button',
      class: 'button button-secondary',
      text: action.label,
      onclick: () => {
        this.clear();
        action.run();
      },
    });
  }

  private show(kind: NoticeKind, ...content: (Node | null)[]): void {
    const notice = h(
      'div',
      { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
      h('div', { class: 'notice-body' }, ...content),
      h(
        'button',
        {
          type: 'button',
          class: 'notice-close',
          attrs: { 'aria-label': 'message.close', title: 'message.close' },
          onclick: () => this.clear(),
        },
        '×',
      ),
    );
    replaceChildren(this.element, notice);
  }
}

export function describeError(error: unknown): ProblemView {
  if (error instanceof ApiError) {
    return {
      title: error.problem.title ?? t('error.unexpected', { status: error.status }),
      ...(error.problem.detail ? { detail: error.problem.detail } : {}),
      entries: error.entries,
    };
  }
  if (error instanceof Error) {
    return { title: t('error.title'), detail: error.message, entries: [] };
  }
  return { title: t('error.title'), detail: String(error), entries: [] };
}

function entryContent(entry: ProblemEntry, options: NoticeOptions): (Node | string)[] {
  const parts: (Node | string)[] = [];
  if (entry.elementId) {
    const elementId = entry.elementId;
    const label = t('error.elementLabel', { elementId });
    parts.push(
      options.onElement
        ? h(
            'button',
            {
              type: 'button',
              class: 'link-button',
              attrs: { title: { key: 'error.showElement', params: { elementId } } },
              onclick: () => options.onElement?.(elementId),
            },
            label,
          )
        : h('strong', {}, label),
      ': ',
    );
  } else if (entry.field) {
    parts.push(h('strong', {}, entry.field), ': ');
  } else if (entry.resource) {
    parts.push(h('strong', {}, t('error.resourceLabel', { resource: entry.resource })), ': ');
  }
  parts.push(entry.message);
  if (entry.line !== undefined) {
    parts.push(` (${t('error.position', { line: entry.line, column: entry.column ?? 1 })})`);
  }
  return parts;
}
