import { graphql } from './generated/gql.js';

/**
 * A device's public halves and its owner, to wrap keys for it and check its signatures.
 * A removed device (`removedAt`) gets no new keys; its keys still check what it did before.
 */
export const DeviceFields = graphql(/* GraphQL */ `
  fragment DeviceFields on Device {
    id
    boxPublicKey
    signPublicKey
    removedAt
    user {
      id
    }
  }
`);

export const RegisterDeviceMutation = graphql(/* GraphQL */ `
  mutation RegisterDevice($boxPublicKey: String!, $signPublicKey: String!) {
    registerDevice(boxPublicKey: $boxPublicKey, signPublicKey: $signPublicKey) {
      ...DeviceFields
    }
  }
`);

export const DevicesQuery = graphql(/* GraphQL */ `
  query Devices($userId: ID!) {
    devices(userId: $userId, includeRemoved: true) {
      ...DeviceFields
    }
  }
`);

/** What a member needs to hold the current key of an encrypted room and share it. */
export const RoomCryptoQuery = graphql(/* GraphQL */ `
  query RoomCrypto($id: ID!) {
    room(id: $id) {
      id
      kind
      encrypted
      keyVersion
      safeguardingDevices {
        ...DeviceFields
      }
      members(first: 100) {
        edges {
          node {
            id
          }
        }
      }
    }
  }
`);

export const RoomKeysQuery = graphql(/* GraphQL */ `
  query RoomKeys($roomId: ID!, $deviceId: ID!) {
    roomKeys(roomId: $roomId, deviceId: $deviceId) {
      keyVersion
      senderDeviceId
      nonce
      box
    }
  }
`);

/** `newKey` when this device made the key just now: CONFLICT if another device made the version first. */
export const ShareRoomKeyMutation = graphql(/* GraphQL */ `
  mutation ShareRoomKey(
    $roomId: ID!
    $keyVersion: Int!
    $senderDeviceId: ID!
    $wrapped: [WrappedKeyInput!]!
    $newKey: Boolean
  ) {
    shareRoomKey(
      roomId: $roomId
      keyVersion: $keyVersion
      senderDeviceId: $senderDeviceId
      wrapped: $wrapped
      newKey: $newKey
    )
  }
`);

/** Sign-out: this browser's device goes, with the room keys wrapped for it. */
export const RemoveDeviceMutation = graphql(/* GraphQL */ `
  mutation RemoveDevice($deviceId: ID!) {
    removeDevice(deviceId: $deviceId)
  }
`);

export const KeyBackupQuery = graphql(/* GraphQL */ `
  query KeyBackup {
    keyBackup {
      salt
      iterations
      nonce
      ciphertext
      updatedAt
    }
  }
`);

export const SaveKeyBackupMutation = graphql(/* GraphQL */ `
  mutation SaveKeyBackup($input: KeyBackupInput!) {
    saveKeyBackup(input: $input)
  }
`);
