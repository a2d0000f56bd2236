import { ApiError } from '../../shared/api';
import { h } from '../../shared/dom';
import { t } from '../../shared/i18n';
import { NoticeArea } from '../../shared/notices';
import type { View, ViewContext } from '../../shared/view';
import { parseGroups, suggestedGroups } from './groups';
import { chosenRoles, loginRoles, rolesToTick } from './roles';

/** The development login (`POST /auth/login`): a user id, groups and roles, no password. */
export function createLoginView(context: ViewContext): View {
  const notices = new NoticeArea();
  const userInput = h('input', {
    id: 'login-user',
    name: 'userId',
    type: 'text',
    autocomplete: 'username',
    required: true,
    'aria-describedby': 'login-intro',
    spellcheck: 'false',
  });
  const groupsInput = h('input', {
    id: 'login-groups',
    name: 'groups',
    type: 'text',
    list: 'login-group-suggestions',
    autocomplete: 'off',
    'aria-describedby': 'login-groups-hint',
    spellcheck: 'false',
  });
  const suggestions = h(
    'datalist',
    { id: 'login-group-suggestions' },
    ...suggestedGroups.map((group) => h('option', { value: group })),
    h('option', { value: suggestedGroups.join(', ') }),
  );
  const chips = h(
    'div',
    { class: 'chips' },
    ...suggestedGroups.map((group) =>
      h('button', { type: 'button', class: 'chip', onclick: () => addGroup(group) }, `+ ${group}`),
    ),
  );
  const roleBoxes = new Map(
    loginRoles.map(({ role }) => [
      role,
      h('input', { id: `login-role-${role}`, name: 'roles', type: 'checkbox', value: role }),
    ]),
  );
  const roles = h(
    'fieldset',
    { class: 'field login-roles', 'aria-describedby': 'login-roles-hint' },
    h('legend', { text: 'login.roles' }),
    ...loginRoles.map(({ role, label }) =>
      h(
        'div',
        { class: 'field field-inline checkbox' },
        roleBoxes.get(role),
        h('label', { for: `login-role-${role}`, text: label }),
      ),
    ),
    h('p', { id: 'login-roles-hint', class: 'hint', text: 'login.rolesHint' }),
  );
  tickRoles(rolesToTick(undefined));
  const submit = h('button', { type: 'submit', class: 'button button-primary', text: 'login.submit' });

  const form = h(
    'form',
    { class: 'login-form', novalidate: true, onsubmit: (event: Event) => void signIn(event) },
    h('div', { class: 'field' }, h('label', { for: 'login-user', text: 'login.userId' }), userInput),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'login-groups', text: 'login.groups' }),
      groupsInput,
      suggestions,
      h('p', { id: 'login-groups-hint', class: 'hint', text: 'login.groupsHint' }),
      chips,
    ),
    roles,
    submit,
  );

  const providerLink = h('a', {
    class: 'button button-primary',
    'data-testid': 'identity-provider-login',
    href: '#',
    text: 'login.identityProvider',
  });
  const providerSection = h(
    'div',
    { class: 'login-provider', hidden: true },
    h('p', { text: 'login.identityProviderIntro' }),
    providerLink,
  );
  const intro = h('p', { id: 'login-intro', text: 'login.intro' });

  const element = h(
    'section',
    { class: 'login', 'aria-labelledby': 'login-heading' },
    h(
      'div',
      { class: 'card' },
      h('h1', { id: 'login-heading', tabindex: '-1', text: 'login.heading' }),
      providerSection,
      intro,
      notices.element,
      form,
    ),
  );

  /** Shows the sign-in at the identity provider when the server has one, and hides the development login when it is off. */
  async function applyLoginOptions(): Promise<void> {
    try {
      const options = await context.api.loginOptions();
      if (options.identityProvider && options.identityProviderLoginUrl) {
        const returnUrl = window.location.pathname + window.location.hash.replace(/^#\/login.*/, '#/aufgaben');
        providerLink.setAttribute(
          'href',
          `${options.identityProviderLoginUrl}?returnUrl=${encodeURIComponent(returnUrl)}`,
        );
        providerSection.hidden = false;
      }
      form.hidden = !options.developmentLogin;
      intro.hidden = !options.developmentLogin;
    } catch {
      // An older server without /auth/options: keep the development login form.
    }
  }

  function addGroup(group: string): void {
    const groups = parseGroups(groupsInput.value);
    if (!groups.includes(group)) {
      groups.push(group);
    }
    groupsInput.value = groups.join(', ');
    groupsInput.focus();
  }

  function tickRoles(ticked: readonly string[]): void {
    for (const [role, box] of roleBoxes) {
      box.checked = ticked.includes(role);
    }
  }

  async function signIn(event: Event): Promise<void> {
    event.preventDefault();
    const userId = userInput.value.trim();
    if (userId.length === 0) {
      userInput.setAttribute('aria-invalid', 'true');
      notices.warning('login.userIdRequired');
      userInput.focus();
      return;
    }
    userInput.removeAttribute('aria-invalid');
    submit.disabled = true;
    try {
      const ticked = new Set([...roleBoxes].filter(([, box]) => box.checked).map(([role]) => role));
      await context.api.login(userId, parseGroups(groupsInput.value), chosenRoles(ticked));
      const user = await context.api.currentUser();
      if (user === null) {
        notices.warning('login.failed');
        return;
      }
      notices.clear();
      context.signedIn(user);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        // 404: OpenID Connect is configured, so the development login does not exist.
        notices.error(new ApiError(404, { title: t('login.notAvailable'), detail: t('login.notAvailableDetail') }));
      } else {
        notices.error(error, 'login.failed');
      }
    } finally {
      submit.disabled = false;
    }
  }

  return {
    element,
    show: () => {
      void applyLoginOptions();
      const user = context.user();
      if (user && userInput.value.length === 0) {
        userInput.value = user.userId;
        groupsInput.value = user.groups.join(', ');
        tickRoles(rolesToTick(user.roles));
      }
    },
  };
}
