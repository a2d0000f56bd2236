import type { ApiClient, CurrentUser } from '../../shared/api';
import { h, replaceChildren, retranslate, setText } from '../../shared/dom';
import { isLanguage, language, languages, onLanguageChange, setLanguage, t, type MessageKey } from '../../shared/i18n';
import { NoticeArea } from '../../shared/notices';
import {
  currentLocation,
  defaultRoute,
  isKnownRoute,
  navigate,
  navigateToHash,
  parseLocation,
  routeHash,
  type Route,
} from '../../shared/router';
import type { View, ViewContext, ViewRegistry } from '../../shared/view';
import { canOpen, navigationRoutes } from './access';

const navigationLabels: Readonly<Record<Route, MessageKey>> = {
  login: 'login.heading',
  modeler: 'nav.modeler',
  entscheidungen: 'nav.decisions',
  formulare: 'nav.forms',
  aufgaben: 'nav.tasks',
  vertretungen: 'nav.substitutions',
  cockpit: 'nav.cockpit',
};

/** A page's place in `main`, shown at once, and its view, which may still be loading. */
interface Page {
  readonly host: HTMLElement;
  readonly view: Promise<View | undefined>;
}

/**
 * The frame around every page: header with navigation, user and language, and the main landmark.
 * Pages are created on first visit and then only hidden, so a diagram or a half-filled form survives
 * a detour to another page or to the login after a 401.
 */
export class AppShell {
  private readonly api: ApiClient;
  private readonly views: ViewRegistry;
  private readonly created = new Map<Route, Page>();
  private readonly main: HTMLElement;
  private readonly nav: HTMLElement;
  private readonly userArea: HTMLElement;
  private readonly startupNotices = new NoticeArea();
  private user: CurrentUser | null = null;
  private shown: Route | null = null;
  /** Where to go after logging in: the page (hash, with a deep link) the user wanted when the login was required. */
  private returnTo: string = routeHash(defaultRoute);

  constructor(root: HTMLElement, api: ApiClient, views: ViewRegistry) {
    this.api = api;
    this.views = views;
    this.main = h('main', { id: 'main', tabindex: '-1' });
    this.nav = h('nav', { class: 'app-nav', attrs: { 'aria-label': 'nav.label' } });
    this.userArea = h('div', { class: 'user-area' });

    const header = h(
      'header',
      { class: 'app-header' },
      h('a', {
        class: 'skip-link',
        href: '#main',
        text: 'app.skipToContent',
        onclick: (event: Event) => this.skipToContent(event),
      }),
      h('span', { class: 'brand', text: 'app.title' }),
      this.nav,
      h('div', { class: 'header-tools' }, this.userArea, this.languageSwitch()),
    );
    replaceChildren(root, header, this.startupNotices.element, this.main);

    onLanguageChange(() => {
      document.documentElement.lang = language();
      retranslate(document.body);
      this.updateTitle();
    });
    document.documentElement.lang = language();
  }

  /** The client's 401 handler: forget the user and ask for a login, coming back here afterwards. */
  readonly requireLogin = (): void => {
    if (this.user !== null) {
      this.startupNotices.info('login.sessionExpired');
    }
    this.user = null;
    this.renderChrome();
    if (currentLocation().route !== 'login') {
      this.returnTo = window.location.hash;
    }
    navigate('login');
  };

  async start(): Promise<void> {
    window.addEventListener('hashchange', () => this.route());
    this.main.append(h('p', { class: 'loading', text: 'app.loading' }));
    try {
      this.user = await this.api.currentUser();
    } catch (error) {
      this.main.replaceChildren();
      this.startupNotices.error(error);
      this.main.append(
        h('button', {
          type: 'button',
          class: 'button',
          text: 'tasks.refresh',
          onclick: () => window.location.reload(),
        }),
      );
      return;
    }
    this.main.replaceChildren();
    this.renderChrome();
    this.route();
  }

  private route(): void {
    const { route: wanted, path } = currentLocation();
    if (wanted !== 'login' && this.user === null) {
      this.returnTo = isKnownRoute(window.location.hash) ? window.location.hash : routeHash(wanted);
      navigate('login');
      return;
    }
    if (this.user !== null && !canOpen(wanted, this.user.roles)) {
      // A bookmark from another role: every call of that page would answer 403.
      this.startupNotices.warning('app.noAccess');
      window.history.replaceState(null, '', routeHash(defaultRoute));
      this.show(defaultRoute, '');
      return;
    }
    if (!isKnownRoute(window.location.hash)) {
      // Unknown hashes become the default page; replace keeps the browser history clean.
      window.history.replaceState(null, '', routeHash(wanted));
    }
    this.show(wanted, path);
  }

  private show(route: Route, path: string): void {
    for (const [name, page] of this.created) {
      if (name !== route && !page.host.hidden) {
        page.host.hidden = true;
        void page.view.then((view) => view?.hide?.());
      }
    }
    let page = this.created.get(route);
    if (!page) {
      page = this.createPage(route);
      this.created.set(route, page);
    }
    page.host.hidden = false;
    const changed = this.shown !== route;
    this.shown = route;
    this.renderChrome();
    this.updateTitle();
    const host = page.host;
    void page.view.then((view) => {
      if (!view || this.shown !== route) {
        return;
      }
      view.show(path);
      if (changed) {
        // Screen readers start reading the new page; keyboard users continue from its heading.
        const heading = host.querySelector<HTMLElement>('h1');
        (heading ?? this.main).focus({ preventScroll: true });
      }
    });
  }

  private createPage(route: Route): Page {
    const host = h('div', { class: `view view-${route}` }, h('p', { class: 'loading', text: 'app.loading' }));
    this.main.append(host);
    const view = Promise.resolve()
      .then(() => this.views[route](this.context()))
      .then(
        (created) => {
          replaceChildren(host, created.element);
          return created;
        },
        (error: unknown) => {
          // A failed chunk download must not be cached: the next visit tries again.
          this.created.delete(route);
          host.remove();
          this.startupNotices.error(error);
          return undefined;
        },
      );
    return { host, view };
  }

  private context(): ViewContext {
    return {
      api: this.api,
      user: () => this.user,
      signedIn: (user) => {
        this.startupNotices.clear();
        this.user = user;
        this.renderChrome();
        const target = parseLocation(this.returnTo).route;
        navigateToHash(target === 'login' || !canOpen(target, user.roles) ? routeHash(defaultRoute) : this.returnTo);
      },
    };
  }

  private renderChrome(): void {
    const signedIn = this.user !== null;
    this.nav.hidden = !signedIn;
    replaceChildren(
      this.nav,
      h(
        'ul',
        {},
        ...navigationRoutes(this.user?.roles ?? []).map((route) =>
          h(
            'li',
            {},
            h('a', {
              href: routeHash(route),
              text: navigationLabels[route],
              'data-testid': `nav-${route}`,
              'aria-current': this.shown === route ? 'page' : false,
            }),
          ),
        ),
      ),
    );
    if (this.user === null) {
      this.userArea.replaceChildren();
      return;
    }
    const name = this.user.displayName.trim() || this.user.userId;
    replaceChildren(
      this.userArea,
      h('span', { class: 'user-name', text: { key: 'user.signedInAs', params: { user: name } } }),
      h('button', {
        type: 'button',
        class: 'button button-secondary',
        text: 'user.signOut',
        onclick: () => void this.signOut(),
      }),
    );
  }

  private async signOut(): Promise<void> {
    try {
      await this.api.logout();
    } catch (error) {
      this.startupNotices.error(error);
      return;
    }
    this.startupNotices.clear();
    this.user = null;
    this.returnTo = routeHash(defaultRoute);
    this.renderChrome();
    navigate('login');
  }

  private languageSwitch(): HTMLElement {
    const select = h(
      'select',
      {
        id: 'language-select',
        onchange: (event: Event) => {
          const value = (event.target as HTMLSelectElement).value;
          if (isLanguage(value)) {
            setLanguage(value);
          }
        },
      },
      ...languages.map((code) =>
        h('option', {
          value: code,
          selected: code === language(),
          lang: code,
          text: code === 'de' ? 'language.de' : 'language.en',
        }),
      ),
    );
    return h(
      'div',
      { class: 'language-switch' },
      h('label', { for: 'language-select', text: 'language.label' }),
      select,
    );
  }

  private updateTitle(): void {
    const page = this.shown ? `${t(navigationLabels[this.shown])} – ` : '';
    document.title = `${page}${t('app.title')}`;
    const brand = document.querySelector('.brand');
    if (brand) {
      setText(brand, 'app.title');
    }
  }

  private skipToContent(event: Event): void {
    // The hash is the router's; moving focus by hand keeps the current page.
    event.preventDefault();
    const heading = this.main.querySelector<HTMLElement>('.view:not([hidden]) h1');
    (heading ?? this.main).focus();
  }
}
