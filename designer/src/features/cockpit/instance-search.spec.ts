import { describe, expect, it } from 'vitest';
import { emptyFilter, isInstanceKey, isInstanceState, pageCount, pageSize, searchRequest } from './instance-search';

describe('instance search', () => {
  it('sends only the filters that are set, and the page as from/limit', () => {
    expect(searchRequest(emptyFilter, 0)).toEqual({ filter: {}, page: { from: 0, limit: pageSize } });
    expect(searchRequest({ processDefinitionId: 'antrag', state: 'ACTIVE', incidentsOnly: false }, 2)).toEqual({
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

  it('asks the server for instances with an incident, so that every page and the count are of those', () => {
    expect(searchRequest({ ...emptyFilter, incidentsOnly: true }, 0).filter).toEqual({ hasIncident: true });
    expect(searchRequest(emptyFilter, 0).filter).not.toHaveProperty('hasIncident');
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
