import { html, nothing } from 'lit';

export type AuthTab = 'sign-in' | 'register' | 'guest';

export interface SignInState {
  tab: AuthTab;
  busy: boolean;
  error: string | null;
  notice: string | null;
}

export interface SignInActions {
  tab(tab: AuthTab): void;
  signIn(handle: string, password: string): void;
  register(handle: string, displayName: string, password: string): void;
  guest(displayName: string): void;
}

const field = (form: HTMLFormElement, name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;

function submitted(handler: (form: HTMLFormElement) => void) {
  return (event: SubmitEvent) => {
    event.preventDefault();
    handler(event.target as HTMLFormElement);
  };
}

const TABS: [AuthTab, string][] = [
  ['sign-in', 'Sign in'],
  ['register', 'Create account'],
  ['guest', 'Guest'],
];

/** Sign in, register, or join as a guest: shown when the page gave no token. */
export function signInView(state: SignInState, actions: SignInActions) {
  const { tab, busy } = state;
  return html`
    <div class="form" part="sign-in">
      ${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : nothing}
      <div class="tabs" role="group" aria-label="How to join">
        ${TABS.map(([id, label]) => html`<button type="button" aria-pressed=${tab === id} @click=${() => actions.tab(id)}>${label}</button>`)}
      </div>
      ${tab === 'sign-in' ? signInForm(busy, actions) : tab === 'register' ? registerForm(busy, actions) : guestForm(busy, actions)}
      ${state.error ? html`<p class="error" role="alert">${state.error}</p>` : nothing}
    </div>
  `;
}

function signInForm(busy: boolean, actions: SignInActions) {
  return html`
    <form @submit=${submitted((f) => actions.signIn(field(f, 'handle'), field(f, 'password')))}>
      <h3>Sign in</h3>
      <label for="mc-handle">Handle</label>
      <input id="mc-handle" name="handle" autocomplete="username" autocapitalize="none" spellcheck="false" required />
      <label for="mc-password">Password</label>
      <input id="mc-password" name="password" type="password" autocomplete="current-password" required />
      <button class="primary submit" type="submit" ?disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
    </form>
  `;
}

function registerForm(busy: boolean, actions: SignInActions) {
  return html`
    <form @submit=${submitted((f) => actions.register(field(f, 'handle'), field(f, 'displayName'), field(f, 'password')))}>
      <h3>Create an account</h3>
      <label for="mc-new-handle">Handle</label>
      <input id="mc-new-handle" name="handle" autocomplete="username" autocapitalize="none" spellcheck="false"
        required minlength="3" maxlength="32" pattern="[a-z0-9_.\\-]+" aria-describedby="mc-handle-help" />
      <p id="mc-handle-help" class="muted">3 to 32 characters: a-z, 0-9, _ . -</p>
      <label for="mc-display-name">Name others see</label>
      <input id="mc-display-name" name="displayName" autocomplete="nickname" required maxlength="64"
        aria-describedby="mc-name-help" />
      <p id="mc-name-help" class="muted">No phone number or email address.</p>
      <label for="mc-new-password">Password</label>
      <input id="mc-new-password" name="password" type="password" autocomplete="new-password" required minlength="10"
        aria-describedby="mc-password-help" />
      <p id="mc-password-help" class="muted">At least 10 characters.</p>
      <button class="primary submit" type="submit" ?disabled=${busy}>${busy ? 'Creating…' : 'Create account'}</button>
    </form>
  `;
}

function guestForm(busy: boolean, actions: SignInActions) {
  return html`
    <form @submit=${submitted((f) => actions.guest(field(f, 'displayName')))}>
      <h3>Join as a guest</h3>
      <p class="muted">Guests can use the rooms that welcome visitors.</p>
      <label for="mc-guest-name">Name others see (optional)</label>
      <input id="mc-guest-name" name="displayName" maxlength="64" autocomplete="nickname" />
      <button class="primary submit" type="submit" ?disabled=${busy}>${busy ? 'Joining…' : 'Join as guest'}</button>
    </form>
  `;
}
