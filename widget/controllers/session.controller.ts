import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  McConnectionChangeEvent,
  McErrorEvent,
  McSignedInEvent,
  McSignedOutEvent,
  type SignOutReason,
} from '../events.js';
import {
  JoinAsGuestMutation,
  MeQuery,
  PortalSignInMutation,
  RegisterMutation,
  SignInMutation,
  SignOutMutation,
} from '../graphql/auth.operations.js';
import { asChatError } from '../graphql/errors.js';
import { Transport } from '../graphql/transport.js';
import type { LinkState } from '../state/link-state.js';
import { ChatStorage, clearWidgetStorage, scopeFor } from '../state/storage.js';
import type { ChatUser } from '../state/types.js';
import { browserStorage, Emitter } from './emitter.js';

/** `starting`: checking a stored token or exchanging a portal token. */
export type SessionStatus = 'starting' | 'signed-out' | 'signed-in';

type SessionEvents = {
  'signed-in': (user: ChatUser, transport: Transport) => void;
  'signed-out': (reason: SignOutReason) => void;
};

interface AuthResult {
  token: string;
  viewer: ChatUser;
}

/** How long sign-out waits for `beforeRevoke` work before revoking the token anyway. */
const FAREWELL_MS = 4_000;

const NOTICES: Record<SignOutReason, string | null> = {
  user: null,
  idle: 'You were signed out because the chat was not used for a while.',
  expired: 'Your session has ended. Please sign in again.',
};

/**
 * Who is signed in, and the connection that goes with it. Tokens come from the `token`
 * attribute, a `portal-token` exchange, the sign-in forms, or this tab's storage.
 * Signing out revokes the token and removes everything the widget stored.
 */
export class SessionController implements ReactiveController {
  status: SessionStatus = 'starting';
  user: ChatUser | null = null;
  transport: Transport | null = null;
  link: LinkState = 'connecting';
  busy = false;
  formError: string | null = null;
  notice: string | null = null;
  storage = new ChatStorage(null, '');
  readonly events = new Emitter<SessionEvents>();
  private endpoint = '';
  private token: string | null = null;
  /** Tokens already used here: never replayed after a sign-out. */
  private readonly spent = new Set<string>();
  /** Bumped by each sign-in attempt and by sign-out: a late answer to an older attempt is dropped. */
  private authTicket = 0;
  private readonly farewells: ((transport: Transport) => Promise<unknown>)[] = [];

  constructor(private readonly host: ReactiveControllerHost & EventTarget) {
    host.addController(this);
  }

  hostConnected(): void {
    // Back in the DOM after a move: reconnect, and let the other controllers start again.
    if (!this.endpoint || this.transport) return;
    const transport = this.startTransport(this.token);
    if (this.status === 'signed-in' && this.user) this.events.emit('signed-in', this.user, transport);
  }

  hostDisconnected(): void {
    this.transport?.dispose();
    this.transport = null;
  }

  /** Applies the element's attributes; called whenever one of them changes. */
  configure(endpoint: string, token: string, portalToken: string): void {
    if (!endpoint) return;
    const fresh = endpoint !== this.endpoint;
    if (fresh) {
      // Another server: whoever was signed in to the previous one is signed out first.
      if (this.status === 'signed-in') this.signOut('user');
      this.endpoint = endpoint;
      this.storage = new ChatStorage(browserStorage('sessionStorage'), scopeFor(endpoint));
    }
    if (token && !this.spent.has(token)) {
      this.spent.add(token);
      void this.switchTo(() => this.adopt(token));
    } else if (portalToken && !this.spent.has(portalToken)) {
      this.spent.add(portalToken);
      void this.switchTo(() =>
        this.authenticate(
          (t) => t.mutate(PortalSignInMutation, { token: portalToken }).then((d) => d.signInWithPortalToken),
          true,
        ),
      );
    } else if (fresh) {
      const stored = this.storage.read<string | null>('token', null);
      if (stored) void this.adopt(stored);
      else this.becomeSignedOut();
    }
  }

  signIn(handle: string, password: string): Promise<void> {
    return this.authenticate((t) => t.mutate(SignInMutation, { input: { handle, password } }).then((d) => d.signIn));
  }

  register(handle: string, displayName: string, password: string): Promise<void> {
    return this.authenticate((t) =>
      t.mutate(RegisterMutation, { input: { handle, displayName, password } }).then((d) => d.register),
    );
  }

  joinAsGuest(displayName: string): Promise<void> {
    const input = displayName.trim() ? { displayName: displayName.trim() } : null;
    return this.authenticate((t) => t.mutate(JoinAsGuestMutation, { input }).then((d) => d.joinAnonymously));
  }

  /**
   * Work that needs the session one last time when it ends (removing this browser's device):
   * started before anything is forgotten, awaited (up to a few seconds, failures ignored)
   * before the token is revoked. Sign-out never waits for it: offline, it simply fails.
   */
  beforeRevoke(task: (transport: Transport) => Promise<unknown>): void {
    this.farewells.push(task);
  }

  /** Ends the session: revokes the token, forgets the user, clears the widget's storage. */
  signOut(reason: SignOutReason = 'user'): void {
    const { transport, token } = this;
    this.authTicket += 1;
    this.busy = false;
    if (!token && this.status !== 'signed-in') {
      // Nothing to revoke yet (a portal exchange was still out): just stop waiting for it.
      if (this.status === 'starting') this.becomeSignedOut();
      return;
    }
    // An expired token can do nothing more: no farewell, no revocation.
    const farewell = transport && reason !== 'expired' ? this.farewells.map((task) => settle(task, transport)) : [];
    this.token = null;
    this.user = null;
    this.transport = null;
    clearWidgetStorage(browserStorage('sessionStorage'), browserStorage('localStorage'));
    this.events.emit('signed-out', reason);
    if (transport && reason !== 'expired') {
      within(Promise.all(farewell), FAREWELL_MS)
        .then(() => transport.mutate(SignOutMutation, {}))
        .catch(() => {})
        .finally(() => transport.dispose());
    } else {
      transport?.dispose();
    }
    this.becomeSignedOut();
    this.notice = NOTICES[reason];
    this.host.dispatchEvent(new McSignedOutEvent({ reason }));
  }

  private async switchTo(start: () => Promise<void>): Promise<void> {
    if (this.status === 'signed-in') this.signOut('user');
    this.status = 'starting';
    this.host.requestUpdate();
    await start();
  }

  /** Checks a token we were given or kept, then enters the session with it. */
  private async adopt(token: string): Promise<void> {
    this.status = 'starting';
    this.token = token;
    const transport = this.startTransport(token);
    try {
      const { me } = await transport.query(MeQuery, {});
      if (transport !== this.transport) return;
      if (me) this.enter(token, me);
      else this.expire(transport);
    } catch (error) {
      if (transport !== this.transport) return;
      if (asChatError(error).code === 'NETWORK') this.whenOnline(transport, () => void this.adopt(token));
      else this.expire(transport);
    }
  }

  /**
   * Runs one way of getting a token. Forms ignore a second submit while one is out; a
   * portal token (`fromPortal`) always wins over an earlier one still in flight.
   */
  private async authenticate(run: (t: Transport) => Promise<AuthResult>, fromPortal = false): Promise<void> {
    if (this.busy && !fromPortal) return;
    const ticket = ++this.authTicket;
    const transport = this.transport ?? this.startTransport(null);
    this.busy = true;
    this.formError = null;
    this.notice = null;
    this.host.requestUpdate();
    try {
      const auth = await run(transport);
      if (ticket !== this.authTicket) return;
      this.storage.write('token', auth.token);
      this.startTransport(auth.token);
      this.enter(auth.token, auth.viewer);
    } catch (error) {
      if (ticket !== this.authTicket) return;
      const chatError = asChatError(error);
      if (fromPortal && chatError.code === 'NETWORK') {
        this.whenOnline(transport, () => void this.authenticate(run, true));
      } else {
        if (this.status === 'starting') this.status = 'signed-out';
        this.formError = chatError.message;
        this.host.dispatchEvent(new McErrorEvent({ code: chatError.code, message: chatError.message }));
      }
    } finally {
      if (ticket === this.authTicket) {
        this.busy = false;
        this.host.requestUpdate();
      }
    }
  }

  private enter(token: string, user: ChatUser): void {
    this.token = token;
    this.user = user;
    this.status = 'signed-in';
    this.formError = null;
    this.notice = null;
    this.host.requestUpdate();
    if (this.transport) this.events.emit('signed-in', user, this.transport);
    this.host.dispatchEvent(new McSignedInEvent({ user: { ...user } }));
  }

  private expire(transport: Transport): void {
    if (transport !== this.transport) return;
    if (this.status === 'signed-in') {
      this.signOut('expired');
      return;
    }
    this.token = null;
    this.storage.write('token', null);
    this.becomeSignedOut();
  }

  private becomeSignedOut(): void {
    this.status = 'signed-out';
    this.startTransport(null);
    this.host.requestUpdate();
  }

  private startTransport(token: string | null): Transport {
    this.transport?.dispose();
    const transport = new Transport(this.endpoint, token, () => this.expire(transport));
    this.transport = transport;
    this.setLink(transport.state);
    transport.onState((state) => this.setLink(state));
    return transport;
  }

  private setLink(state: LinkState): void {
    if (state === this.link) return;
    this.link = state;
    this.host.requestUpdate();
    this.host.dispatchEvent(new McConnectionChangeEvent({ state }));
  }

  /** Runs `action` once the socket is (back) up; an HTTP-only blip while online retries shortly. */
  private whenOnline(transport: Transport, action: () => void): void {
    if (transport.state === 'online') {
      setTimeout(() => transport === this.transport && action(), 3_000);
      return;
    }
    const off = transport.onState((state) => {
      if (state !== 'online') return;
      off();
      if (transport === this.transport) action();
    });
  }
}

/** Runs a farewell task; whatever it throws or rejects with is ignored. */
function settle(task: (transport: Transport) => Promise<unknown>, transport: Transport): Promise<unknown> {
  try {
    return task(transport).catch(() => {});
  } catch {
    return Promise.resolve();
  }
}

/** `work`, or nothing after `ms`: whichever comes first. */
function within(work: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
