import { AuthService } from './auth/auth.service.js';
import type { Config } from './config.js';
import { E2eService } from './e2e/e2e.service.js';
import { MessagesService } from './messages/messages.service.js';
import type { Presence } from './presence/presence.js';
import type { PubSub } from './pubsub.js';
import { ReceiptsService } from './receipts/receipts.service.js';
import { RoomsService } from './rooms/rooms.service.js';
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
}

/** Wires the domain services over one store and one pub/sub. */
export function createServices(deps: {
  store: Store;
  pubsub: PubSub;
  config: Readonly<Config>;
  presence: Presence;
}): Services {
  const { store, pubsub, config, presence } = deps;
  const rooms = new RoomsService(store, pubsub);
  const e2e = new E2eService(store, rooms);
  return {
    store,
    auth: new AuthService(store, pubsub, config),
    users: new UsersService(store, presence),
    rooms,
    messages: new MessagesService(store, pubsub, rooms, config, (viewer, room, payload) =>
      e2e.checkPayload(viewer, room, payload),
    ),
    receipts: new ReceiptsService(store, pubsub, rooms),
    typing: new TypingService(pubsub, rooms),
    e2e,
  };
}
