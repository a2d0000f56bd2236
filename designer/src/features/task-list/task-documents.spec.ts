// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient, InstanceDocument } from '../../shared/api';
import { retranslate } from '../../shared/dom';
import { resetLanguageForTests, setLanguage } from '../../shared/i18n';
import { MemoryStorage } from '../../test/memory-storage';
import { createTaskDocuments } from './task-documents';

function letter(key: string, fileName: string, contentType: string, size: number): InstanceDocument {
  return {
    documentKey: key,
    processInstanceKey: '77',
    elementId: 'Bescheid',
    elementInstanceKey: '78',
    fileName,
    contentType,
    size,
    checksum: 'abc',
    templateId: 'bescheid',
    templateVersion: 1,
    tenantId: '<default>',
    createdAt: new Date(2026, 11, 5, 9, 30).toISOString(),
  };
}

function fakeApi(documents: readonly InstanceDocument[] | Error) {
  return {
    userTaskDocuments: vi.fn((key: string) =>
      documents instanceof Error ? Promise.reject(documents) : Promise.resolve(key === '12' ? documents : []),
    ),
    userTaskDocumentUrl: (task: string, document: string) => `v2/user-tasks/${task}/documents/${document}`,
  };
}

describe('the documents of a task', () => {
  beforeEach(() => {
    Object.defineProperty(window, 'localStorage', { value: new MemoryStorage(), configurable: true });
    resetLanguageForTests();
  });

  it('lists each letter as a download link through the task, with type, size and date in German', async () => {
    const api = fakeApi([
      letter('501', 'Bescheid.pdf', 'application/pdf', 12_800),
      letter('502', 'anhoerung.html', 'text/html; charset=utf-8', 812),
    ]);

    const documents = createTaskDocuments(api as unknown as ApiClient, '12');
    await documents.loaded;

    expect(api.userTaskDocuments).toHaveBeenCalledWith('12');
    const section = documents.element;
    expect(section.hidden).toBe(false);
    const heading = section.querySelector('h3');
    expect(heading?.textContent).toBe('Dokumente zum Vorgang');
    expect(section.getAttribute('aria-labelledby')).toBe(heading?.id);
    const links = [...section.querySelectorAll<HTMLAnchorElement>('a[data-testid="task-document-link"]')];
    expect(links.map((link) => [link.getAttribute('href'), link.getAttribute('download'), link.textContent])).toEqual([
      ['v2/user-tasks/12/documents/501', 'Bescheid.pdf', 'Bescheid.pdf'],
      ['v2/user-tasks/12/documents/502', 'anhoerung.html', 'anhoerung.html'],
    ]);
    expect(links[0]?.getAttribute('aria-label')).toBe('Bescheid.pdf herunterladen');
    const meta = section.querySelector(`#${links[0]?.getAttribute('aria-describedby') ?? 'missing'}`);
    expect(meta?.textContent).toBe('(PDF, 12,5 KB, erstellt am 05.12.2026, 09:30)');
    expect(section.querySelectorAll('li')[1]?.textContent).toContain('(HTML, 812 Byte,');

    // The app shell retranslates the page on a language switch; the section keeps its keys for that.
    setLanguage('en');
    retranslate(section);
    expect(links[0]?.getAttribute('aria-label')).toBe('Download Bescheid.pdf');
    expect(heading?.textContent).toBe('Documents of the case');
  });

  it('stays out of the way when the case has no documents', async () => {
    const documents = createTaskDocuments(fakeApi([]) as unknown as ApiClient, '12');
    await documents.loaded;

    expect(documents.element.hidden).toBe(true);
    expect(documents.element.querySelectorAll('a')).toHaveLength(0);
  });

  it('says so when the documents cannot be loaded', async () => {
    const documents = createTaskDocuments(fakeApi(new Error('Netzwerk weg')) as unknown as ApiClient, '12');
    await documents.loaded;

    expect(documents.element.hidden).toBe(false);
    expect(documents.element.querySelector('.notices')?.textContent).not.toBe('');
  });
});
