// Each domain registers its types, queries, mutations and subscriptions on import.
import '../users/users.schema.js';
import '../auth/auth.schema.js';
import '../rooms/rooms.schema.js';
import '../messages/messages.schema.js';
import '../receipts/receipts.schema.js';
import '../typing/typing.schema.js';
import '../e2e/e2e.schema.js';
import '../messages/message-kind.schema.js';
import '../safeguarding/safeguarding.schema.js';
import '../presence/presence.schema.js';
import '../moderation/moderation.schema.js';
import '../moderation/reports.schema.js';
import '../moderation/audit.schema.js';
import '../account/account.schema.js';
import '../nodes/node.schema.js';
import { builder } from './builder.js';

export const schema = builder.toSchema({ sortSchema: true });
