export type Route = 'login' | 'modeler' | 'entscheidungen' | 'formulare' | 'aufgaben' | 'vertretungen' | 'cockpit';

export const defaultRoute: Route = 'aufgaben';
export const routes: readonly Route[] = [
  'login',
  'modeler',
  'entscheidungen',
  'formulare',
  'aufgaben',
  'vertretungen',
  'cockpit',
];

/** A page and what follows its name in the hash, e.g. `#/cockpit/2251799813685249` → cockpit, "2251799813685249". */
export interface Location {
  readonly route: Route;
  readonly path: string;
}

/** Reads `#/modeler`-style hashes; anything unknown is the default route. */
export function parseRoute(hash: string): Route {
  return parseLocation(hash).route;
}

export function parseLocation(hash: string): Location {
  const [name = '', ...rest] = hash.replace(/^#\/?/, '').split('?')[0]?.split('/') ?? [];
  if (!(routes as readonly string[]).includes(name)) {
    return { route: defaultRoute, path: '' };
  }
  return { route: name as Route, path: rest.join('/').replace(/\/+$/, '') };
}

/** True when the hash names a known page; an unknown one is replaced by the default page. */
export function isKnownRoute(hash: string): boolean {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (routes as readonly string[]).includes(name);
}

export function routeHash(route: Route, path = ''): string {
  return path.length > 0 ? `#/${route}/${path}` : `#/${route}`;
}

export function currentRoute(): Route {
  return parseRoute(window.location.hash);
}

export function currentLocation(): Location {
  return parseLocation(window.location.hash);
}

export function navigate(route: Route, path = ''): void {
  navigateToHash(routeHash(route, path));
}

export function navigateToHash(hash: string): void {
  if (window.location.hash === hash) {
    // No hashchange event would come; tell the listeners ourselves.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}
