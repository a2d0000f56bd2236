// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../test/memory-storage';
import { ApiClient, type CurrentUser } from '../../shared/api';
import { resetLanguageForTests, setLanguage } from '../../shared/i18n';
import { createLoginView } from '.';

interface Sent {
  readonly url: string;
  readonly body: unknown;
}

const erika: CurrentUser = {
  userId: 'erika',
  displayName: 'erika',
  groups: ['fachamt'],
  roles: ['clerk'],
  tenantId: '<default>',
  developmentLogin: true,
  tenantIds: ['<default>'],
};

/** The login page against a server that accepts every login and answers /auth/me with erika. */
function loginPage(previous: CurrentUser | null = null): {
  element: HTMLElement;
  sent: Sent[];
  signedIn: Promise<CurrentUser>;
} {
  const sent: Sent[] = [];
  const fetchImpl = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    sent.push({ url, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
    if (url === 'auth/me') {
      return Promise.resolve(Response.json(erika));
    }
    if (url === 'auth/options') {
      return Promise.resolve(
        Response.json({ developmentLogin: true, identityProvider: false, identityProviderLoginUrl: null }),
      );
    }
    return Promise.resolve(new Response(null, { status: 204 }));
  };
  let resolveSignedIn: (user: CurrentUser) => void = () => undefined;
  const signedIn = new Promise<CurrentUser>((resolve) => (resolveSignedIn = resolve));
  const view = createLoginView({
    api: new ApiClient({ fetch: fetchImpl }),
    user: () => previous,
    signedIn: resolveSignedIn,
  });
  document.body.replaceChildren(view.element);
  view.show('');
  return { element: view.element, sent, signedIn };
}

function box(element: HTMLElement, role: string): HTMLInputElement {
  const input = element.querySelector<HTMLInputElement>(`#login-role-${role}`);
  if (input === null) {
    throw new Error(`No checkbox for ${role}.`);
  }
  return input;
}

function submit(element: HTMLElement, userId: string): void {
  const user = element.querySelector<HTMLInputElement>('#login-user');
  const form = element.querySelector('form');
  if (user === null || form === null) {
    throw new Error('No login form.');
  }
  user.value = userId;
  form.dispatchEvent(new Event('submit', { cancelable: true }));
}

describe('the development login form', () => {
  beforeEach(() => {
    Object.defineProperty(window, 'localStorage', { value: new MemoryStorage(), configurable: true });
    resetLanguageForTests();
  });

  afterEach(() => {
    setLanguage('de');
  });

  it('offers the roles with German labels, Sachbearbeitung ticked', () => {
    const { element } = loginPage();

    const labels = [...element.querySelectorAll('fieldset label')].map((label) => label.textContent.split(':')[0]);
    expect(labels).toEqual(['Sachbearbeitung', 'Modellierung', 'Betrieb', 'Administration']);
    expect(box(element, 'clerk').checked).toBe(true);
    expect(['modeler', 'operator', 'admin'].map((role) => box(element, role).checked)).toEqual([false, false, false]);
  });

  it('sends the ticked roles with the login', async () => {
    const { element, sent, signedIn } = loginPage();
    box(element, 'operator').checked = true;

    submit(element, 'olga');
    await signedIn;

    expect(sent.find((call) => call.url === 'auth/login')?.body).toEqual({
      userId: 'olga',
      groups: [],
      roles: ['clerk', 'operator'],
    });
  });

  it('sends no role when none is ticked, which the server takes as clerk', async () => {
    const { element, sent, signedIn } = loginPage();
    box(element, 'clerk').checked = false;

    submit(element, 'erika');
    await signedIn;

    expect(sent.find((call) => call.url === 'auth/login')?.body).toMatchObject({ roles: [] });
  });

  it('ticks the roles of the person signed in before', () => {
    const { element } = loginPage({ ...erika, roles: ['modeler', 'operator'] });

    expect(['clerk', 'modeler', 'operator', 'admin'].map((role) => box(element, role).checked)).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });
});
