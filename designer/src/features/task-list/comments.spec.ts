import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetLanguageForTests, setLanguage } from '../../shared/i18n';
import { MemoryStorage } from '../../test/memory-storage';
import { commentBylineText } from './comments';

describe('comment byline', () => {
  beforeEach(() => {
    vi.stubGlobal('localStorage', new MemoryStorage());
    resetLanguageForTests();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const at = new Date(2026, 11, 1, 9, 0).toISOString();

  it('names the author, and whom a deputy wrote for', () => {
    expect(commentBylineText({ author: 'erika', onBehalfOf: null, createdAt: at })).toBe('erika am 01.12.2026, 09:00');
    expect(commentBylineText({ author: 'max', onBehalfOf: 'erika', createdAt: at })).toBe(
      'max für erika am 01.12.2026, 09:00',
    );
    setLanguage('en');
    expect(commentBylineText({ author: 'max', onBehalfOf: 'erika', createdAt: at })).toBe(
      'max for erika on 1 Dec 2026, 09:00',
    );
  });
});
