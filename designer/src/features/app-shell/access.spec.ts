import { describe, expect, it } from 'vitest';
import { canOpen, navigationRoutes } from './access';

describe('page access by role', () => {
  it('shows Modeler, Entscheidungen and Formulare to modelers, the Cockpit to operators and admins', () => {
    expect(navigationRoutes(['clerk'])).toEqual(['aufgaben', 'vertretungen']);
    expect(navigationRoutes(['clerk', 'modeler'])).toEqual([
      'modeler',
      'entscheidungen',
      'formulare',
      'aufgaben',
      'vertretungen',
    ]);
    expect(navigationRoutes(['operator'])).toEqual(['aufgaben', 'vertretungen', 'cockpit']);
    expect(navigationRoutes(['clerk', 'modeler', 'operator'])).toEqual([
      'modeler',
      'entscheidungen',
      'formulare',
      'aufgaben',
      'vertretungen',
      'cockpit',
    ]);
    expect(navigationRoutes(['admin'])).toEqual([
      'modeler',
      'entscheidungen',
      'formulare',
      'aufgaben',
      'vertretungen',
      'cockpit',
    ]);
  });

  it('shows Vertretungen to whoever works on tasks, team leads included, and not to modelers alone', () => {
    expect(navigationRoutes(['teamlead'])).toEqual(['aufgaben', 'vertretungen']);
    expect(canOpen('vertretungen', ['modeler'])).toBe(false);
  });

  it('keeps the login and the task list open to everyone', () => {
    expect(canOpen('login', [])).toBe(true);
    expect(canOpen('aufgaben', [])).toBe(true);
    expect(canOpen('cockpit', ['clerk', 'modeler'])).toBe(false);
    expect(canOpen('formulare', ['operator'])).toBe(false);
    expect(canOpen('entscheidungen', ['clerk', 'operator'])).toBe(false);
  });
});
