import type { MessageKey } from '../../shared/i18n';

/** A role the development login offers, with its label; the server knows the same names (Host/Auth Roles.People). */
export interface LoginRole {
  readonly role: string;
  readonly label: MessageKey;
}

/** From the least to the most allowed; clerk comes first because it is what a person gets when nothing is chosen. */
export const loginRoles: readonly LoginRole[] = [
  { role: 'clerk', label: 'login.role.clerk' },
  { role: 'modeler', label: 'login.role.modeler' },
  { role: 'operator', label: 'login.role.operator' },
  { role: 'admin', label: 'login.role.admin' },
];

/** The role ticked when the form opens: case work only, so that nobody sees every task without asking for it. */
export const defaultRoles: readonly string[] = ['clerk'];

/**
 * The roles to tick when the form opens: those of the person signed in before (signing in again keeps them), else the
 * default. A role the form does not offer is left out; the server would refuse it anyway.
 */
export function rolesToTick(previous: readonly string[] | undefined): string[] {
  const offered = loginRoles.map((entry) => entry.role);
  const known = (previous ?? []).filter((role) => offered.includes(role));
  return known.length > 0 ? known : [...defaultRoles];
}

/** The ticked roles in the form's order; none ticked sends none, which the server takes as clerk. */
export function chosenRoles(ticked: ReadonlySet<string>): string[] {
  return loginRoles.map((entry) => entry.role).filter((role) => ticked.has(role));
}
