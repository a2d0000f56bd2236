import { describe, expect, it } from 'vitest';
import { chosenRoles, loginRoles, rolesToTick } from './roles';

describe('login roles', () => {
  it('offers clerk first, then modeler, operator and admin', () => {
    expect(loginRoles.map((entry) => entry.role)).toEqual(['clerk', 'modeler', 'operator', 'admin']);
  });

  it('ticks clerk only when nobody was signed in', () => {
    expect(rolesToTick(undefined)).toEqual(['clerk']);
    expect(rolesToTick([])).toEqual(['clerk']);
  });

  it('keeps the roles of the person signed in before, without roles the form does not offer', () => {
    expect(rolesToTick(['operator', 'modeler'])).toEqual(['operator', 'modeler']);
    expect(rolesToTick(['system'])).toEqual(['clerk']);
  });

  it('sends the ticked roles in the order of the form', () => {
    expect(chosenRoles(new Set(['operator', 'clerk']))).toEqual(['clerk', 'operator']);
    expect(chosenRoles(new Set())).toEqual([]);
  });
});
