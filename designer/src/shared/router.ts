export type Route = 'login' | 'modeler' | 'aufgaben';

export const defaultRoute: Route = 'aufgaben';
const routes: readonly Route[] = ['login', 'modeler', 'aufgaben'];

/** Reads `#/modeler`-style hashes; anything unknown is the default route. */
export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (routes as readonly string[]).includes(name) ? (name as Route) : defaultRoute;
}

export function routeHash(route: Route): string {
  return `#/${route}`;
}

export function currentRoute(): Route {
  return parseRoute(window.location.hash);
}

export function navigate(route: Route): void {
  const hash = routeHash(route);
  if (window.location.hash === hash) {
    // No hashchange event would come; tell the listeners ourselves.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}
