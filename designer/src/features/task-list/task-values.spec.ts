import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../../test/memory-storage';
import { resetLanguageForTests, setLanguage } from '../../shared/i18n';
import { columnLabel, formatValue } from './task-values';

describe('column values', () => {
  beforeEach(() => {
    vi.stubGlobal('localStorage', new MemoryStorage());
    resetLanguageForTests();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('writes amounts as a German reads them', () => {
    expect(formatValue(7350.2)).toBe('7.350,20');
    expect(formatValue(1200)).toBe('1.200');
    expect(formatValue(0.125)).toBe('0,125');
  });

  it('writes dates, booleans and missing values in German', () => {
    expect(formatValue('2026-11-23')).toBe('23.11.2026');
    expect(formatValue(true)).toBe('Ja');
    expect(formatValue(false)).toBe('Nein');
    expect(formatValue(null)).toBe('–');
    expect(formatValue('R-2026-0042')).toBe('R-2026-0042');
    expect(formatValue(['a', 1])).toBe('["a",1]');
  });

  it('follows the language', () => {
    setLanguage('en');
    expect(formatValue(7350.2)).toBe('7,350.20');
    expect(formatValue(true)).toBe('Yes');
  });

  it('turns variable names into headings', () => {
    expect(columnLabel('rechnungsnummer')).toBe('Rechnungsnummer');
    expect(columnLabel('kassenZeichen')).toBe('Kassen zeichen');
    expect(columnLabel('eingang_datum')).toBe('Eingang datum');
  });
});
