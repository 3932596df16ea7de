import { builder } from '../schema/builder.js';
import type { MessageRecord } from '../store/store.js';
import { MessageRef } from './messages.schema.js';

export const MessageKindEnum = builder.enumType('MessageKind', {
  description: 'Who wrote a message: a person, or the server.',
  values: {
    USER: { description: 'Written by its author through sendMessage.' },
    SYSTEM: {
      description:
        'Written by the server (e.g. "opened this session for review"): plaintext `body` even in encrypted rooms.',
    },
  } as const satisfies Record<MessageRecord['kind'], unknown>,
});

builder.objectFields(MessageRef, (t) => ({
  kind: t.expose('kind', { type: MessageKindEnum, description: 'USER, or SYSTEM for notices the server writes.' }),
}));
