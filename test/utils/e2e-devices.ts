import {
  type DeviceKeys,
  type EncryptedPayload,
  exportPublicDeviceKeys,
  importPublicDeviceKeys,
  makeDeviceKeys,
  type OpenedMessage,
  openMessage,
  sealMessage,
  unwrapRoomKey,
  wrapRoomKey,
} from '../../widget/crypto/index.js';
import type { Actor } from './actors.js';
import { type GraphQLResponse, gql, must } from './graphql-client.js';

/** A device as the server shows it: public keys only. */
export interface PublicDevice {
  id: string;
  boxPublicKey: string;
  signPublicKey: string;
}

/** A test user's device: its id on the server and its secret keys, which never leave the test. */
export interface TestDevice extends PublicDevice {
  keys: DeviceKeys;
  owner: Actor;
}

export interface StoredMessage {
  id: string;
  kind: 'USER' | 'SYSTEM';
  body: string | null;
  author: { id: string };
  encrypted: EncryptedPayload | null;
}

const DEVICE = 'id boxPublicKey signPublicKey';
export const PAYLOAD = 'encrypted { v keyVersion senderDeviceId nonce ciphertext signature }';
const MESSAGE = `id kind body author { id } ${PAYLOAD}`;

/** Makes device keys the way the widget does and registers their public halves. */
export async function registerDevice(url: string, owner: Actor): Promise<TestDevice> {
  const keys = makeDeviceKeys();
  const data = await must(
    url,
    `mutation($b: String!, $s: String!) { registerDevice(boxPublicKey: $b, signPublicKey: $s) { ${DEVICE} } }`,
    { b: exportPublicDeviceKeys(keys).boxPublicKey, s: exportPublicDeviceKeys(keys).signPublicKey },
    owner.token,
  );
  return { ...(data.registerDevice as PublicDevice), keys, owner };
}

/** Registers a device for each owner, all at once (an owner named twice gets two devices). */
export function registerDevices(url: string, owners: Actor[]): Promise<TestDevice[]> {
  return Promise.all(owners.map((owner) => registerDevice(url, owner)));
}

export function devicesOf(url: string, token: string, userId: string) {
  return gql<{ devices: PublicDevice[] }>(
    url,
    `query($u: ID!) { devices(userId: $u) { ${DEVICE} } }`,
    { u: userId },
    token,
  );
}

/** Wraps `roomKey` for each recipient and shares it, as the sender device. */
export function shareRoomKey(
  url: string,
  sender: TestDevice,
  roomId: string,
  keyVersion: number,
  roomKey: Uint8Array,
  recipients: PublicDevice[],
) {
  const wrapped = recipients.map((r) => ({
    recipientDeviceId: r.id,
    ...wrapRoomKey(roomKey, importPublicDeviceKeys(r)!.boxPublicKey, sender.keys.box.secretKey),
  }));
  return gql(
    url,
    `mutation($r: ID!, $v: Int!, $d: ID!, $w: [WrappedKeyInput!]!) {
      shareRoomKey(roomId: $r, keyVersion: $v, senderDeviceId: $d, wrapped: $w) }`,
    { r: roomId, v: keyVersion, d: sender.id, w: wrapped },
    sender.owner.token,
  );
}

export function roomKeysOf(url: string, device: TestDevice, roomId: string) {
  return gql<{ roomKeys: { keyVersion: number; senderDeviceId: string; nonce: string; box: string }[] }>(
    url,
    'query($r: ID!, $d: ID!) { roomKeys(roomId: $r, deviceId: $d) { keyVersion senderDeviceId nonce box } }',
    { r: roomId, d: device.id },
    device.owner.token,
  );
}

/** The room key of `keyVersion` wrapped for `device`, unwrapped with the sender device's public key. */
export async function unwrapFor(
  url: string,
  device: TestDevice,
  roomId: string,
  keyVersion: number,
  known: PublicDevice[],
): Promise<Uint8Array | null> {
  const keys = (await roomKeysOf(url, device, roomId)).data?.roomKeys ?? [];
  const wrapped = keys.find((k) => k.keyVersion === keyVersion);
  const sender = known.find((d) => d.id === wrapped?.senderDeviceId);
  if (!wrapped || !sender) return null;
  return unwrapRoomKey(wrapped, importPublicDeviceKeys(sender)!.boxPublicKey, device.keys.box.secretKey);
}

export function seal(device: TestDevice, roomId: string, keyVersion: number, roomKey: Uint8Array, body: string) {
  return sealMessage({
    body,
    roomId,
    keyVersion,
    roomKey,
    senderDeviceId: device.id,
    signSecretKey: device.keys.sign.secretKey,
  });
}

let sent = 0;
export function sendEncrypted(
  url: string,
  token: string,
  roomId: string,
  encrypted: unknown,
): Promise<GraphQLResponse & { status: number }> {
  return gql(
    url,
    `mutation($i: SendMessageInput!) { sendMessage(input: $i) { ${MESSAGE} } }`,
    { i: { roomId, clientId: `e2e-${process.pid}-${++sent}`, encrypted } },
    token,
  );
}

/** Seals with the widget's module and sends; fails the step if the server refuses. */
export async function sendSealed(
  url: string,
  device: TestDevice,
  roomId: string,
  keyVersion: number,
  roomKey: Uint8Array,
  body: string,
): Promise<StoredMessage> {
  const response = await sendEncrypted(
    url,
    device.owner.token,
    roomId,
    seal(device, roomId, keyVersion, roomKey, body),
  );
  if (response.errors?.length) throw new Error(`sendMessage refused: ${JSON.stringify(response.errors)}`);
  return response.data!.sendMessage as StoredMessage;
}

/** The room's history as the caller reads it (null room: not visible to them). */
export async function history(url: string, token: string, roomId: string) {
  const response = await gql(
    url,
    `query($r: ID!) { room(id: $r) { id messages(first: 40) { edges { node { ${MESSAGE} } } } } }`,
    { r: roomId },
    token,
  );
  const edges = response.data?.room?.messages.edges as { node: StoredMessage }[] | undefined;
  return { response, messages: edges?.map((e) => e.node) ?? null };
}

/** What a reader shows for one encrypted message: the signature checked first, then opened. */
export function openStored(
  message: StoredMessage,
  roomId: string,
  roomKeys: Map<number, Uint8Array>,
  devices: PublicDevice[],
): OpenedMessage {
  const payload = message.encrypted!;
  const sender = devices.find((d) => d.id === payload.senderDeviceId);
  return openMessage(payload, {
    roomId,
    roomKey: roomKeys.get(payload.keyVersion) ?? new Uint8Array(32),
    senderSignPublicKey: sender ? importPublicDeviceKeys(sender)!.signPublicKey : new Uint8Array(32),
  });
}
