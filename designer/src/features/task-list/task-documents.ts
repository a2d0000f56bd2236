import './task-documents.css';

import type { ApiClient, InstanceDocument } from '../../shared/api';
import { h, replaceChildren, uniqueId, type Text } from '../../shared/dom';
import { formatDateTime } from '../../shared/format';
import { locale } from '../../shared/i18n';
import { NoticeArea } from '../../shared/notices';

/** "PDF", "HTML" or "Datei", from the document's content type. */
export function documentType(contentType: string): Text {
  const media = contentType.split(';')[0]?.trim().toLowerCase();
  return {
    key:
      media === 'application/pdf'
        ? 'taskDocuments.type.pdf'
        : media === 'text/html'
          ? 'taskDocuments.type.html'
          : 'taskDocuments.type.other',
  };
}

/** "812 Byte", "12,5 KB", "1,2 MB" (in German; with a point in English). */
export function documentSize(bytes: number): Text {
  const number = (value: number): string => new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(value);
  if (bytes < 1024) {
    return { key: 'taskDocuments.bytes', params: { count: number(bytes) } };
  }
  return bytes < 1024 * 1024
    ? { key: 'taskDocuments.kilobytes', params: { size: number(bytes / 1024) } }
    : { key: 'taskDocuments.megabytes', params: { size: number(bytes / (1024 * 1024)) } };
}

export interface TaskDocuments {
  readonly element: HTMLElement;
  /** Settles once the list is loaded (or failed). */
  readonly loaded: Promise<void>;
}

/**
 * The letters (Bescheide) of the task's case, each a download link through the task: a clerk may read what the task
 * shows without rights on the instance. Shown only when the case has documents, so most tasks stay as they were.
 */
export function createTaskDocuments(api: ApiClient, userTaskKey: string): TaskDocuments {
  const notices = new NoticeArea();
  const headingId = uniqueId('task-documents-heading');
  const element = h('section', {
    class: 'task-documents',
    'aria-labelledby': headingId,
    'data-testid': 'task-documents',
    hidden: true,
  });

  function render(documents: readonly InstanceDocument[]): void {
    element.hidden = documents.length === 0;
    replaceChildren(
      element,
      h('h3', { id: headingId, text: 'taskDocuments.heading' }),
      h(
        'ul',
        { class: 'documents-list' },
        ...documents.map((document) => {
          const metaId = uniqueId('task-document-meta');
          return h(
            'li',
            { 'data-document': document.documentKey },
            h(
              'a',
              {
                href: api.userTaskDocumentUrl(userTaskKey, document.documentKey),
                download: document.fileName,
                type: document.contentType,
                'aria-describedby': metaId,
                'data-testid': 'task-document-link',
                attrs: { 'aria-label': { key: 'taskDocuments.download', params: { name: document.fileName } } },
              },
              document.fileName,
            ),
            ' ',
            h(
              'span',
              { id: metaId, class: 'hint' },
              '(',
              h('span', { text: documentType(document.contentType) }),
              ', ',
              h('span', { text: documentSize(document.size) }),
              ', ',
              h('span', {
                text: { key: 'taskDocuments.meta.date', params: { date: formatDateTime(document.createdAt) } },
              }),
              ')',
            ),
          );
        }),
      ),
    );
  }

  async function load(): Promise<void> {
    try {
      render(await api.userTaskDocuments(userTaskKey));
    } catch (error) {
      element.hidden = false;
      replaceChildren(element, h('h3', { id: headingId, text: 'taskDocuments.heading' }), notices.element);
      notices.error(error);
    }
  }

  return { element, loaded: load() };
}
