import { describe, expect, it } from 'vitest';
import { parseGroups } from './groups';

describe('parseGroups', () => {
  it('splits on commas, drops blanks and repeats', () => {
    expect(parseGroups(' fachamt, kasse,,fachamt ')).toEqual(['fachamt', 'kasse']);
    expect(parseGroups('')).toEqual([]);
  });
});
