import { describe, expect, it } from 'vitest';
import { isKnownRoute, parseLocation, parseRoute, routeHash } from './router';

describe('router', () => {
  it('reads hash routes and sends unknown ones to the task list', () => {
    expect(parseRoute('#/modeler')).toBe('modeler');
    expect(parseRoute('#/formulare')).toBe('formulare');
    expect(parseRoute('#/login?next=x')).toBe('login');
    expect(parseRoute('#/aufgaben/123')).toBe('aufgaben');
    expect(parseRoute('')).toBe('aufgaben');
    expect(parseRoute('#/unbekannt')).toBe('aufgaben');
    expect(routeHash('modeler')).toBe('#/modeler');
  });

  it('keeps what follows the page name, for deep links', () => {
    expect(parseLocation('#/cockpit/2251799813685249')).toEqual({ route: 'cockpit', path: '2251799813685249' });
    expect(parseLocation('#/cockpit/')).toEqual({ route: 'cockpit', path: '' });
    expect(parseLocation('#/cockpit')).toEqual({ route: 'cockpit', path: '' });
    expect(parseLocation('#/cockpit/42?x=1')).toEqual({ route: 'cockpit', path: '42' });
    expect(parseLocation('#/unbekannt/42')).toEqual({ route: 'aufgaben', path: '' });
    expect(routeHash('cockpit', '42')).toBe('#/cockpit/42');
  });

  it('tells known page names from unknown ones', () => {
    expect(isKnownRoute('#/cockpit/42')).toBe(true);
    expect(isKnownRoute('#/login?next=x')).toBe(true);
    expect(isKnownRoute('#/unbekannt')).toBe(false);
    expect(isKnownRoute('')).toBe(false);
  });
});
