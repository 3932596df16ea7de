import { AccountService } from './account/account.service.js';
import { AuthService } from './auth/auth.service.js';
import type { Config } from './config.js';
import { E2eService } from './e2e/e2e.service.js';
import type { Limits } from './limits/limits.js';
import { log } from './log.js';
import { MessagesService } from './messages/messages.service.js';
import { ModerationService } from './moderation/moderation.service.js';
import { ReportsService } from './moderation/reports.service.js';
import { RetentionSweep } from './moderation/retention-sweep.js';
import type { PresenceService } from './presence/presence.service.js';
import type { PubSub } from './pubsub.js';
import { ReceiptsService } from './receipts/receipts.service.js';
import { RoomsService } from './rooms/rooms.service.js';
import { SafeguardingService } from './safeguarding/safeguarding.service.js';
import type { Store } from './store/store.js';
import { TypingService } from './typing/typing.service.js';
import { UsersService } from './users/users.service.js';

export interface Services {
  store: Store;
  auth: AuthService;
  users: UsersService;
  rooms: RoomsService;
  messages: MessagesService;
  receipts: ReceiptsService;
  typing: TypingService;
  e2e: E2eService;
  /** The safeguarding lead and session review (audited, announced in the room). */
  safeguarding: SafeguardingService;
  /** Who is online, on any instance. */
  presence: PresenceService;
  /** Abuse limits: resolvers charge them before doing the work. */
  limits: Limits;
  /** Mutes, removal from PUBLIC rooms, retention settings, the audit log. */
  moderation: ModerationService;
  reports: ReportsService;
  /** Data rights: export and deletion of an account. */
  account: AccountService;
  /** The background pass of retention (started and stopped by the app). */
  retention: RetentionSweep;
}

/** Wires the domain services over one store and one pub/sub. */
export function createServices(deps: {
  store: Store;
  pubsub: PubSub;
  config: Readonly<Config>;
  presence: PresenceService;
  limits: Limits;
}): Services {
  const { store, pubsub, config, presence, limits } = deps;
  const rooms = new RoomsService(store, pubsub);
  const e2e = new E2eService(store, rooms);
  const messages = new MessagesService(store, pubsub, rooms, config, (viewer, room, payload) =>
    e2e.checkPayload(viewer, room, payload),
  );
  return {
    store,
    auth: new AuthService(store, pubsub, config),
    users: new UsersService(store, presence),
    rooms,
    messages,
    receipts: new ReceiptsService(store, pubsub, rooms),
    typing: new TypingService(pubsub, rooms),
    e2e,
    safeguarding: new SafeguardingService(store, pubsub),
    presence,
    limits,
    moderation: new ModerationService(store, rooms),
    reports: new ReportsService(store, messages),
    account: new AccountService(store, pubsub, rooms),
    retention: new RetentionSweep({
      store,
      pubsub,
      intervalMs: config.retentionSweepMinutes * 60_000,
      handleGraceDays: config.accountHandleGraceDays,
      onError: (error) => log('error', 'retention sweep failed', { error: String(error) }),
    }),
  };
}
