import type { Route } from '../../shared/router';

/**
 * Which roles (from `GET /auth/me`) open which page. The server checks every call anyway; this only keeps people
 * away from pages whose calls would all answer 403. Admins may do everything the server lets them.
 */
const requiredRoles: Readonly<Record<Route, readonly string[] | null>> = {
  login: null,
  aufgaben: null,
  // Substitutions belong to the people who work on tasks (the API answers 403 to anyone else).
  vertretungen: ['clerk', 'teamlead', 'operator', 'admin'],
  modeler: ['modeler', 'admin'],
  entscheidungen: ['modeler', 'admin'],
  formulare: ['modeler', 'admin'],
  cockpit: ['operator', 'admin'],
};

export function canOpen(route: Route, roles: readonly string[]): boolean {
  const required = requiredRoles[route];
  return required === null || required.some((role) => roles.includes(role));
}

/** The pages in the main navigation, in order, that these roles may open. */
export function navigationRoutes(roles: readonly string[]): Route[] {
  const order: readonly Route[] = ['modeler', 'entscheidungen', 'formulare', 'aufgaben', 'vertretungen', 'cockpit'];
  return order.filter((route) => canOpen(route, roles));
}
