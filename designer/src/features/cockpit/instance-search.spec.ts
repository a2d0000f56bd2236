import { describe, expect, it } from 'vitest';
import type { ProcessInstance } from '../../shared/api';
import { emptyFilter, isInstanceKey, isInstanceState, pageCount, pageSize, searchRequest, visibleInstances } from './instance-search';

const instance = (key: string, hasIncident: boolean): ProcessInstance => ({
  processInstanceKey: key,
  processDefinitionKey: '1',
  processDefinitionId: 'antrag',
  processDefinitionVersion: 1,
  state: 'ACTIVE',
  hasIncident,
});

describe('instance search', () => {
  it('sends only the filters that are set, and the page as from/limit', () => {
    expect(searchRequest(emptyFilter, 0)).toEqual({ filter: {}, page: { from: 0, limit: pageSize } });
    expect(searchRequest({ processDefinitionId: 'antrag', state: 'ACTIVE', incidentsOnly: true }, 2)).toEqual({
      filter: { processDefinitionId: 'antrag', state: 'ACTIVE' },
      page: { from: 2 * pageSize, limit: pageSize },
    });
    expect(searchRequest(emptyFilter, -1).page.from).toBe(0);
  });

  it('counts pages, at least one', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(pageSize)).toBe(1);
    expect(pageCount(pageSize + 1)).toBe(2);
  });

  it('keeps only instances with an incident when asked to', () => {
    const page = [instance('1', false), instance('2', true)];
    expect(visibleInstances(page, emptyFilter)).toHaveLength(2);
    expect(visibleInstances(page, { ...emptyFilter, incidentsOnly: true }).map((i) => i.processInstanceKey)).toEqual(['2']);
  });

  it('accepts the three states and 64-bit keys only', () => {
    expect(isInstanceState('TERMINATED')).toBe(true);
    expect(isInstanceState('')).toBe(false);
    expect(isInstanceKey('2251799813685249')).toBe(true);
    expect(isInstanceKey('9223372036854775807')).toBe(true);
    expect(isInstanceKey('0')).toBe(false);
    expect(isInstanceKey('12a')).toBe(false);
    expect(isInstanceKey('12345678901234567890')).toBe(false);
  });
});
