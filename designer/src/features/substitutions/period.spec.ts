import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetLanguageForTests } from '../../shared/i18n';
import { MemoryStorage } from '../../test/memory-storage';
import { formatFrom, formatTo, userIds } from './period';

describe('substitution period', () => {
  beforeEach(() => {
    vi.stubGlobal('localStorage', new MemoryStorage());
    resetLanguageForTests();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  // The tests run in the browser's zone; build the instants from local times so they hold in any zone.
  const local = (year: number, month: number, day: number, hour = 0, minute = 0): string =>
    new Date(year, month - 1, day, hour, minute).toISOString();

  it('shows whole days for a substitution from midnight to midnight, the last day included', () => {
    expect(formatFrom(local(2026, 8, 3))).toBe('03.08.2026');
    expect(formatTo(local(2026, 8, 15))).toBe('14.08.2026');
  });

  it('shows the time when a substitution starts or ends during a day', () => {
    expect(formatFrom(local(2026, 12, 1, 9, 30))).toBe('01.12.2026, 09:30');
    expect(formatTo(local(2026, 12, 4, 12))).toBe('04.12.2026, 12:00');
  });

  it('reads deputies as a list of user ids', () => {
    expect(userIds(' max, lena ,, max')).toEqual(['max', 'lena']);
    expect(userIds('  ')).toEqual([]);
  });
});
