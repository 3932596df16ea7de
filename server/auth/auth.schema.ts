import { unauthenticated } from '../errors.js';
import { builder } from '../schema/builder.js';
import { UserRef } from '../users/users.schema.js';
import type { AuthPayload } from './auth.service.js';

const AuthPayloadRef = builder.objectRef<AuthPayload>('AuthPayload').implement({
  description: 'A new session: keep the token secret and send it as a Bearer token or as connectionParams.authToken.',
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Opaque session token; revoked by signOut.' }),
    viewer: t.field({ type: UserRef, description: 'The signed-in user.', resolve: (p) => p.viewer }),
  }),
});

const RegisterInput = builder.inputType('RegisterInput', {
  description: 'A new student account.',
  fields: (t) => ({
    handle: t.string({ required: true, description: '3-32 characters of a-z 0-9 _ . -' }),
    password: t.string({ required: true, description: 'At least 10 characters.' }),
    displayName: t.string({ required: true, description: '1-64 characters; no phone number or email address.' }),
  }),
});

const SignInInput = builder.inputType('SignInInput', {
  description: 'Handle and password.',
  fields: (t) => ({
    handle: t.string({ required: true, description: 'The handle.' }),
    password: t.string({ required: true, description: 'The password.' }),
  }),
});

const JoinAnonymouslyInput = builder.inputType('JoinAnonymouslyInput', {
  description: 'An anonymous guest session.',
  fields: (t) => ({
    displayName: t.string({ required: false, description: 'Shown to others; "Guest" when omitted.' }),
  }),
});

builder.mutationFields((t) => ({
  register: t.field({
    type: AuthPayloadRef,
    description: 'Creates a STUDENT account and signs it in.',
    args: { input: t.arg({ type: RegisterInput, required: true, description: 'The account.' }) },
    resolve: async (_root, { input }, ctx) => {
      await ctx.services.limits.authAttempt(ctx.ip);
      return ctx.services.auth.register(input);
    },
  }),
  signIn: t.field({
    type: AuthPayloadRef,
    description: 'Signs in with handle and password. A wrong handle and a wrong password give the same error.',
    args: { input: t.arg({ type: SignInInput, required: true, description: 'The credentials.' }) },
    resolve: async (_root, { input }, ctx) => {
      await ctx.services.limits.authAttempt(ctx.ip);
      return ctx.services.limits.signIn(input.handle, ctx.ip, () => ctx.services.auth.signIn(input));
    },
  }),
  joinAnonymously: t.field({
    type: AuthPayloadRef,
    description: 'Creates a GUEST session.',
    args: { input: t.arg({ type: JoinAnonymouslyInput, required: false, description: 'Optional display name.' }) },
    resolve: async (_root, { input }, ctx) => {
      await ctx.services.limits.authAttempt(ctx.ip);
      return ctx.services.auth.joinAnonymously(input);
    },
  }),
  signInWithPortalToken: t.field({
    type: AuthPayloadRef,
    description:
      'Single sign-on: a JWT signed by the host portal (HS256, claims sub, role, name, exp within 10 minutes).',
    args: { token: t.arg.string({ required: true, description: 'The portal-signed JWT.' }) },
    resolve: async (_root, { token }, ctx) => {
      await ctx.services.limits.authAttempt(ctx.ip);
      return ctx.services.auth.signInWithPortalToken(token);
    },
  }),
  signOut: t.boolean({
    description: "Revokes the caller's token and closes the sockets opened with it.",
    resolve: (_root, _args, ctx) => {
      if (!ctx.viewer) throw unauthenticated();
      return ctx.services.auth.signOut(ctx.viewer);
    },
  }),
}));
