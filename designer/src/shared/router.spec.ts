import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash } from './router';

describe('router', () => {
  it('reads hash routes and sends unknown ones to the task list', () => {
    expect(parseRoute('#/modeler')).toBe('modeler');
    expect(parseRoute('#/login?next=x')).toBe('login');
    expect(parseRoute('#/aufgaben/123')).toBe('aufgaben');
    expect(parseRoute('')).toBe('aufgaben');
    expect(parseRoute('#/unbekannt')).toBe('aufgaben');
    expect(routeHash('modeler')).toBe('#/modeler');
  });
});
