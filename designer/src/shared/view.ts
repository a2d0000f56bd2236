import type { ApiClient, CurrentUser } from './api';
import type { Route } from './router';

/** What every page of the designer gets from the shell. */
export interface ViewContext {
  readonly api: ApiClient;
  /** The logged-in user; views are only shown while someone is logged in (except the login page). */
  readonly user: () => CurrentUser | null;
  readonly signedIn: (user: CurrentUser) => void;
}

export interface View {
  readonly element: HTMLElement;
  /**
   * Called each time the page is shown, and again when the hash changes below it; `path` is what follows the page
   * name (`#/cockpit/42` → "42"). The element stays in the document while hidden so no work is lost.
   */
  show(path: string): void;
  hide?(): void;
}

/** May load its code on first use, so a clerk never downloads the modeler. */
export type ViewFactory = (context: ViewContext) => View | Promise<View>;
export type ViewRegistry = Readonly<Record<Route, ViewFactory>>;
