/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Me {\n    me {\n      ...UserFields\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      ...AuthFields\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...AuthFields\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  mutation JoinAsGuest($input: JoinAnonymouslyInput) {\n    joinAnonymously(input: $input) {\n      ...AuthFields\n    }\n  }\n": typeof types.JoinAsGuestDocument,
    "\n  mutation PortalSignIn($token: String!) {\n    signInWithPortalToken(token: $token) {\n      ...AuthFields\n    }\n  }\n": typeof types.PortalSignInDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": typeof types.SignOutDocument,
    "\n  fragment DeviceFields on Device {\n    id\n    boxPublicKey\n    signPublicKey\n    removedAt\n    user {\n      id\n    }\n  }\n": typeof types.DeviceFieldsFragmentDoc,
    "\n  mutation RegisterDevice($boxPublicKey: String!, $signPublicKey: String!) {\n    registerDevice(boxPublicKey: $boxPublicKey, signPublicKey: $signPublicKey) {\n      ...DeviceFields\n    }\n  }\n": typeof types.RegisterDeviceDocument,
    "\n  query Devices($userId: ID!) {\n    devices(userId: $userId, includeRemoved: true) {\n      ...DeviceFields\n    }\n  }\n": typeof types.DevicesDocument,
    "\n  query RoomCrypto($id: ID!) {\n    room(id: $id) {\n      id\n      kind\n      encrypted\n      keyVersion\n      safeguardingDevices {\n        ...DeviceFields\n      }\n      members(first: 100) {\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.RoomCryptoDocument,
    "\n  query RoomKeys($roomId: ID!, $deviceId: ID!) {\n    roomKeys(roomId: $roomId, deviceId: $deviceId) {\n      keyVersion\n      senderDeviceId\n      nonce\n      box\n    }\n  }\n": typeof types.RoomKeysDocument,
    "\n  mutation ShareRoomKey(\n    $roomId: ID!\n    $keyVersion: Int!\n    $senderDeviceId: ID!\n    $wrapped: [WrappedKeyInput!]!\n    $newKey: Boolean\n  ) {\n    shareRoomKey(\n      roomId: $roomId\n      keyVersion: $keyVersion\n      senderDeviceId: $senderDeviceId\n      wrapped: $wrapped\n      newKey: $newKey\n    )\n  }\n": typeof types.ShareRoomKeyDocument,
    "\n  mutation RemoveDevice($deviceId: ID!) {\n    removeDevice(deviceId: $deviceId)\n  }\n": typeof types.RemoveDeviceDocument,
    "\n  query KeyBackup {\n    keyBackup {\n      salt\n      iterations\n      nonce\n      ciphertext\n      updatedAt\n    }\n  }\n": typeof types.KeyBackupDocument,
    "\n  mutation SaveKeyBackup($input: KeyBackupInput!) {\n    saveKeyBackup(input: $input)\n  }\n": typeof types.SaveKeyBackupDocument,
    "\n  fragment UserFields on User {\n    id\n    handle\n    displayName\n    role\n  }\n": typeof types.UserFieldsFragmentDoc,
    "\n  fragment AuthFields on AuthPayload {\n    token\n    viewer {\n      ...UserFields\n    }\n  }\n": typeof types.AuthFieldsFragmentDoc,
    "\n  fragment MessageFields on Message {\n    id\n    seq\n    kind\n    clientId\n    cursor\n    body\n    createdAt\n    editedAt\n    deletedAt\n    author {\n      id\n      displayName\n      role\n    }\n    encrypted {\n      v\n      keyVersion\n      senderDeviceId\n      nonce\n      ciphertext\n      signature\n    }\n  }\n": typeof types.MessageFieldsFragmentDoc,
    "\n  fragment RoomFields on Room {\n    id\n    name\n    kind\n    encrypted\n    reviewNotice\n    allowGuests\n    viewerIsMember\n    unreadCount\n    lastMessage {\n      id\n      seq\n      body\n      createdAt\n      deletedAt\n      author {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.RoomFieldsFragmentDoc,
    "\n  fragment ReceiptFields on ReadReceipt {\n    lastReadSeq\n    user {\n      id\n      displayName\n    }\n  }\n": typeof types.ReceiptFieldsFragmentDoc,
    "\n  fragment MessagePageFields on MessageConnection {\n    edges {\n      node {\n        ...MessageFields\n      }\n    }\n    pageInfo {\n      hasPreviousPage\n      startCursor\n    }\n  }\n": typeof types.MessagePageFieldsFragmentDoc,
    "\n  query RoomHistory($id: ID!) {\n    room(id: $id) {\n      ...RoomFields\n      messages {\n        ...MessagePageFields\n      }\n      receipts {\n        ...ReceiptFields\n      }\n    }\n  }\n": typeof types.RoomHistoryDocument,
    "\n  query OlderMessages($id: ID!, $before: String!, $last: Int!) {\n    room(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        ...MessagePageFields\n      }\n    }\n  }\n": typeof types.OlderMessagesDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...MessageFields\n    }\n  }\n": typeof types.SendMessageDocument,
    "\n  mutation EditMessage($id: ID!, $body: String!) {\n    editMessage(id: $id, body: $body) {\n      ...MessageFields\n    }\n  }\n": typeof types.EditMessageDocument,
    "\n  mutation DeleteMessage($id: ID!) {\n    deleteMessage(id: $id) {\n      ...MessageFields\n    }\n  }\n": typeof types.DeleteMessageDocument,
    "\n  mutation MarkRead($roomId: ID!, $messageId: ID!) {\n    markRead(roomId: $roomId, messageId: $messageId) {\n      ...ReceiptFields\n    }\n  }\n": typeof types.MarkReadDocument,
    "\n  mutation SetTyping($roomId: ID!, $typing: Boolean!) {\n    setTyping(roomId: $roomId, typing: $typing)\n  }\n": typeof types.SetTypingDocument,
    "\n  query ViewerLead {\n    me {\n      id\n      safeguardingLead\n    }\n  }\n": typeof types.ViewerLeadDocument,
    "\n  query ReviewableSessions($participantId: ID!) {\n    reviewableSessions(participantId: $participantId) {\n      roomId\n      name\n      createdAt\n      openedForReview\n      participants {\n        ...UserFields\n      }\n    }\n  }\n": typeof types.ReviewableSessionsDocument,
    "\n  mutation OpenSessionForReview($roomId: ID!, $reason: String!) {\n    openSessionForReview(roomId: $roomId, reason: $reason) {\n      id\n    }\n  }\n": typeof types.OpenSessionForReviewDocument,
    "\n  query ReviewHistory($id: ID!) {\n    room(id: $id) {\n      id\n      name\n      kind\n      encrypted\n      reviewNotice\n      messages {\n        ...MessagePageFields\n      }\n    }\n  }\n": typeof types.ReviewHistoryDocument,
    "\n  query Rooms {\n    rooms {\n      ...RoomFields\n    }\n  }\n": typeof types.RoomsDocument,
    "\n  query Room($id: ID!) {\n    room(id: $id) {\n      ...RoomFields\n    }\n  }\n": typeof types.RoomDocument,
    "\n  mutation JoinRoom($roomId: ID!) {\n    joinRoom(roomId: $roomId) {\n      ...RoomFields\n    }\n  }\n": typeof types.JoinRoomDocument,
    "\n  query Directory($search: String, $role: Role, $first: Int) {\n    directory(search: $search, role: $role, first: $first) {\n      edges {\n        node {\n          ...UserFields\n        }\n      }\n    }\n  }\n": typeof types.DirectoryDocument,
    "\n  mutation CreateRoom($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      ...RoomFields\n    }\n  }\n": typeof types.CreateRoomDocument,
    "\n  mutation StartSession($input: StartMentoringSessionInput!) {\n    startMentoringSession(input: $input) {\n      ...RoomFields\n    }\n  }\n": typeof types.StartSessionDocument,
    "\n  subscription MessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      ...MessageFields\n    }\n  }\n": typeof types.MessageAddedDocument,
    "\n  subscription MessageChanged($roomId: ID!) {\n    messageChanged(roomId: $roomId) {\n      ...MessageFields\n    }\n  }\n": typeof types.MessageChangedDocument,
    "\n  subscription Typing($roomId: ID!) {\n    typing(roomId: $roomId) {\n      typing\n      user {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.TypingDocument,
    "\n  subscription Receipts($roomId: ID!) {\n    receipts(roomId: $roomId) {\n      ...ReceiptFields\n    }\n  }\n": typeof types.ReceiptsDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      ...UserFields\n    }\n  }\n": types.MeDocument,
    "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      ...AuthFields\n    }\n  }\n": types.SignInDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...AuthFields\n    }\n  }\n": types.RegisterDocument,
    "\n  mutation JoinAsGuest($input: JoinAnonymouslyInput) {\n    joinAnonymously(input: $input) {\n      ...AuthFields\n    }\n  }\n": types.JoinAsGuestDocument,
    "\n  mutation PortalSignIn($token: String!) {\n    signInWithPortalToken(token: $token) {\n      ...AuthFields\n    }\n  }\n": types.PortalSignInDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": types.SignOutDocument,
    "\n  fragment DeviceFields on Device {\n    id\n    boxPublicKey\n    signPublicKey\n    removedAt\n    user {\n      id\n    }\n  }\n": types.DeviceFieldsFragmentDoc,
    "\n  mutation RegisterDevice($boxPublicKey: String!, $signPublicKey: String!) {\n    registerDevice(boxPublicKey: $boxPublicKey, signPublicKey: $signPublicKey) {\n      ...DeviceFields\n    }\n  }\n": types.RegisterDeviceDocument,
    "\n  query Devices($userId: ID!) {\n    devices(userId: $userId, includeRemoved: true) {\n      ...DeviceFields\n    }\n  }\n": types.DevicesDocument,
    "\n  query RoomCrypto($id: ID!) {\n    room(id: $id) {\n      id\n      kind\n      encrypted\n      keyVersion\n      safeguardingDevices {\n        ...DeviceFields\n      }\n      members(first: 100) {\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.RoomCryptoDocument,
    "\n  query RoomKeys($roomId: ID!, $deviceId: ID!) {\n    roomKeys(roomId: $roomId, deviceId: $deviceId) {\n      keyVersion\n      senderDeviceId\n      nonce\n      box\n    }\n  }\n": types.RoomKeysDocument,
    "\n  mutation ShareRoomKey(\n    $roomId: ID!\n    $keyVersion: Int!\n    $senderDeviceId: ID!\n    $wrapped: [WrappedKeyInput!]!\n    $newKey: Boolean\n  ) {\n    shareRoomKey(\n      roomId: $roomId\n      keyVersion: $keyVersion\n      senderDeviceId: $senderDeviceId\n      wrapped: $wrapped\n      newKey: $newKey\n    )\n  }\n": types.ShareRoomKeyDocument,
    "\n  mutation RemoveDevice($deviceId: ID!) {\n    removeDevice(deviceId: $deviceId)\n  }\n": types.RemoveDeviceDocument,
    "\n  query KeyBackup {\n    keyBackup {\n      salt\n      iterations\n      nonce\n      ciphertext\n      updatedAt\n    }\n  }\n": types.KeyBackupDocument,
    "\n  mutation SaveKeyBackup($input: KeyBackupInput!) {\n    saveKeyBackup(input: $input)\n  }\n": types.SaveKeyBackupDocument,
    "\n  fragment UserFields on User {\n    id\n    handle\n    displayName\n    role\n  }\n": types.UserFieldsFragmentDoc,
    "\n  fragment AuthFields on AuthPayload {\n    token\n    viewer {\n      ...UserFields\n    }\n  }\n": types.AuthFieldsFragmentDoc,
    "\n  fragment MessageFields on Message {\n    id\n    seq\n    kind\n    clientId\n    cursor\n    body\n    createdAt\n    editedAt\n    deletedAt\n    author {\n      id\n      displayName\n      role\n    }\n    encrypted {\n      v\n      keyVersion\n      senderDeviceId\n      nonce\n      ciphertext\n      signature\n    }\n  }\n": types.MessageFieldsFragmentDoc,
    "\n  fragment RoomFields on Room {\n    id\n    name\n    kind\n    encrypted\n    reviewNotice\n    allowGuests\n    viewerIsMember\n    unreadCount\n    lastMessage {\n      id\n      seq\n      body\n      createdAt\n      deletedAt\n      author {\n        id\n        displayName\n      }\n    }\n  }\n": types.RoomFieldsFragmentDoc,
    "\n  fragment ReceiptFields on ReadReceipt {\n    lastReadSeq\n    user {\n      id\n      displayName\n    }\n  }\n": types.ReceiptFieldsFragmentDoc,
    "\n  fragment MessagePageFields on MessageConnection {\n    edges {\n      node {\n        ...MessageFields\n      }\n    }\n    pageInfo {\n      hasPreviousPage\n      startCursor\n    }\n  }\n": types.MessagePageFieldsFragmentDoc,
    "\n  query RoomHistory($id: ID!) {\n    room(id: $id) {\n      ...RoomFields\n      messages {\n        ...MessagePageFields\n      }\n      receipts {\n        ...ReceiptFields\n      }\n    }\n  }\n": types.RoomHistoryDocument,
    "\n  query OlderMessages($id: ID!, $before: String!, $last: Int!) {\n    room(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        ...MessagePageFields\n      }\n    }\n  }\n": types.OlderMessagesDocument,
    "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...MessageFields\n    }\n  }\n": types.SendMessageDocument,
    "\n  mutation EditMessage($id: ID!, $body: String!) {\n    editMessage(id: $id, body: $body) {\n      ...MessageFields\n    }\n  }\n": types.EditMessageDocument,
    "\n  mutation DeleteMessage($id: ID!) {\n    deleteMessage(id: $id) {\n      ...MessageFields\n    }\n  }\n": types.DeleteMessageDocument,
    "\n  mutation MarkRead($roomId: ID!, $messageId: ID!) {\n    markRead(roomId: $roomId, messageId: $messageId) {\n      ...ReceiptFields\n    }\n  }\n": types.MarkReadDocument,
    "\n  mutation SetTyping($roomId: ID!, $typing: Boolean!) {\n    setTyping(roomId: $roomId, typing: $typing)\n  }\n": types.SetTypingDocument,
    "\n  query ViewerLead {\n    me {\n      id\n      safeguardingLead\n    }\n  }\n": types.ViewerLeadDocument,
    "\n  query ReviewableSessions($participantId: ID!) {\n    reviewableSessions(participantId: $participantId) {\n      roomId\n      name\n      createdAt\n      openedForReview\n      participants {\n        ...UserFields\n      }\n    }\n  }\n": types.ReviewableSessionsDocument,
    "\n  mutation OpenSessionForReview($roomId: ID!, $reason: String!) {\n    openSessionForReview(roomId: $roomId, reason: $reason) {\n      id\n    }\n  }\n": types.OpenSessionForReviewDocument,
    "\n  query ReviewHistory($id: ID!) {\n    room(id: $id) {\n      id\n      name\n      kind\n      encrypted\n      reviewNotice\n      messages {\n        ...MessagePageFields\n      }\n    }\n  }\n": types.ReviewHistoryDocument,
    "\n  query Rooms {\n    rooms {\n      ...RoomFields\n    }\n  }\n": types.RoomsDocument,
    "\n  query Room($id: ID!) {\n    room(id: $id) {\n      ...RoomFields\n    }\n  }\n": types.RoomDocument,
    "\n  mutation JoinRoom($roomId: ID!) {\n    joinRoom(roomId: $roomId) {\n      ...RoomFields\n    }\n  }\n": types.JoinRoomDocument,
    "\n  query Directory($search: String, $role: Role, $first: Int) {\n    directory(search: $search, role: $role, first: $first) {\n      edges {\n        node {\n          ...UserFields\n        }\n      }\n    }\n  }\n": types.DirectoryDocument,
    "\n  mutation CreateRoom($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      ...RoomFields\n    }\n  }\n": types.CreateRoomDocument,
    "\n  mutation StartSession($input: StartMentoringSessionInput!) {\n    startMentoringSession(input: $input) {\n      ...RoomFields\n    }\n  }\n": types.StartSessionDocument,
    "\n  subscription MessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      ...MessageFields\n    }\n  }\n": types.MessageAddedDocument,
    "\n  subscription MessageChanged($roomId: ID!) {\n    messageChanged(roomId: $roomId) {\n      ...MessageFields\n    }\n  }\n": types.MessageChangedDocument,
    "\n  subscription Typing($roomId: ID!) {\n    typing(roomId: $roomId) {\n      typing\n      user {\n        id\n        displayName\n      }\n    }\n  }\n": types.TypingDocument,
    "\n  subscription Receipts($roomId: ID!) {\n    receipts(roomId: $roomId) {\n      ...ReceiptFields\n    }\n  }\n": types.ReceiptsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      ...UserFields\n    }\n  }\n"): typeof import('./graphql.js').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      ...AuthFields\n    }\n  }\n"): typeof import('./graphql.js').SignInDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...AuthFields\n    }\n  }\n"): typeof import('./graphql.js').RegisterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JoinAsGuest($input: JoinAnonymouslyInput) {\n    joinAnonymously(input: $input) {\n      ...AuthFields\n    }\n  }\n"): typeof import('./graphql.js').JoinAsGuestDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalSignIn($token: String!) {\n    signInWithPortalToken(token: $token) {\n      ...AuthFields\n    }\n  }\n"): typeof import('./graphql.js').PortalSignInDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    signOut\n  }\n"): typeof import('./graphql.js').SignOutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeviceFields on Device {\n    id\n    boxPublicKey\n    signPublicKey\n    removedAt\n    user {\n      id\n    }\n  }\n"): typeof import('./graphql.js').DeviceFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterDevice($boxPublicKey: String!, $signPublicKey: String!) {\n    registerDevice(boxPublicKey: $boxPublicKey, signPublicKey: $signPublicKey) {\n      ...DeviceFields\n    }\n  }\n"): typeof import('./graphql.js').RegisterDeviceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Devices($userId: ID!) {\n    devices(userId: $userId, includeRemoved: true) {\n      ...DeviceFields\n    }\n  }\n"): typeof import('./graphql.js').DevicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomCrypto($id: ID!) {\n    room(id: $id) {\n      id\n      kind\n      encrypted\n      keyVersion\n      safeguardingDevices {\n        ...DeviceFields\n      }\n      members(first: 100) {\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').RoomCryptoDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomKeys($roomId: ID!, $deviceId: ID!) {\n    roomKeys(roomId: $roomId, deviceId: $deviceId) {\n      keyVersion\n      senderDeviceId\n      nonce\n      box\n    }\n  }\n"): typeof import('./graphql.js').RoomKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ShareRoomKey(\n    $roomId: ID!\n    $keyVersion: Int!\n    $senderDeviceId: ID!\n    $wrapped: [WrappedKeyInput!]!\n    $newKey: Boolean\n  ) {\n    shareRoomKey(\n      roomId: $roomId\n      keyVersion: $keyVersion\n      senderDeviceId: $senderDeviceId\n      wrapped: $wrapped\n      newKey: $newKey\n    )\n  }\n"): typeof import('./graphql.js').ShareRoomKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveDevice($deviceId: ID!) {\n    removeDevice(deviceId: $deviceId)\n  }\n"): typeof import('./graphql.js').RemoveDeviceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query KeyBackup {\n    keyBackup {\n      salt\n      iterations\n      nonce\n      ciphertext\n      updatedAt\n    }\n  }\n"): typeof import('./graphql.js').KeyBackupDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveKeyBackup($input: KeyBackupInput!) {\n    saveKeyBackup(input: $input)\n  }\n"): typeof import('./graphql.js').SaveKeyBackupDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserFields on User {\n    id\n    handle\n    displayName\n    role\n  }\n"): typeof import('./graphql.js').UserFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuthFields on AuthPayload {\n    token\n    viewer {\n      ...UserFields\n    }\n  }\n"): typeof import('./graphql.js').AuthFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageFields on Message {\n    id\n    seq\n    kind\n    clientId\n    cursor\n    body\n    createdAt\n    editedAt\n    deletedAt\n    author {\n      id\n      displayName\n      role\n    }\n    encrypted {\n      v\n      keyVersion\n      senderDeviceId\n      nonce\n      ciphertext\n      signature\n    }\n  }\n"): typeof import('./graphql.js').MessageFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RoomFields on Room {\n    id\n    name\n    kind\n    encrypted\n    reviewNotice\n    allowGuests\n    viewerIsMember\n    unreadCount\n    lastMessage {\n      id\n      seq\n      body\n      createdAt\n      deletedAt\n      author {\n        id\n        displayName\n      }\n    }\n  }\n"): typeof import('./graphql.js').RoomFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReceiptFields on ReadReceipt {\n    lastReadSeq\n    user {\n      id\n      displayName\n    }\n  }\n"): typeof import('./graphql.js').ReceiptFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessagePageFields on MessageConnection {\n    edges {\n      node {\n        ...MessageFields\n      }\n    }\n    pageInfo {\n      hasPreviousPage\n      startCursor\n    }\n  }\n"): typeof import('./graphql.js').MessagePageFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RoomHistory($id: ID!) {\n    room(id: $id) {\n      ...RoomFields\n      messages {\n        ...MessagePageFields\n      }\n      receipts {\n        ...ReceiptFields\n      }\n    }\n  }\n"): typeof import('./graphql.js').RoomHistoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OlderMessages($id: ID!, $before: String!, $last: Int!) {\n    room(id: $id) {\n      id\n      messages(last: $last, before: $before) {\n        ...MessagePageFields\n      }\n    }\n  }\n"): typeof import('./graphql.js').OlderMessagesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendMessage($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...MessageFields\n    }\n  }\n"): typeof import('./graphql.js').SendMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EditMessage($id: ID!, $body: String!) {\n    editMessage(id: $id, body: $body) {\n      ...MessageFields\n    }\n  }\n"): typeof import('./graphql.js').EditMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMessage($id: ID!) {\n    deleteMessage(id: $id) {\n      ...MessageFields\n    }\n  }\n"): typeof import('./graphql.js').DeleteMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkRead($roomId: ID!, $messageId: ID!) {\n    markRead(roomId: $roomId, messageId: $messageId) {\n      ...ReceiptFields\n    }\n  }\n"): typeof import('./graphql.js').MarkReadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTyping($roomId: ID!, $typing: Boolean!) {\n    setTyping(roomId: $roomId, typing: $typing)\n  }\n"): typeof import('./graphql.js').SetTypingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ViewerLead {\n    me {\n      id\n      safeguardingLead\n    }\n  }\n"): typeof import('./graphql.js').ViewerLeadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReviewableSessions($participantId: ID!) {\n    reviewableSessions(participantId: $participantId) {\n      roomId\n      name\n      createdAt\n      openedForReview\n      participants {\n        ...UserFields\n      }\n    }\n  }\n"): typeof import('./graphql.js').ReviewableSessionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OpenSessionForReview($roomId: ID!, $reason: String!) {\n    openSessionForReview(roomId: $roomId, reason: $reason) {\n      id\n    }\n  }\n"): typeof import('./graphql.js').OpenSessionForReviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReviewHistory($id: ID!) {\n    room(id: $id) {\n      id\n      name\n      kind\n      encrypted\n      reviewNotice\n      messages {\n        ...MessagePageFields\n      }\n    }\n  }\n"): typeof import('./graphql.js').ReviewHistoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Rooms {\n    rooms {\n      ...RoomFields\n    }\n  }\n"): typeof import('./graphql.js').RoomsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Room($id: ID!) {\n    room(id: $id) {\n      ...RoomFields\n    }\n  }\n"): typeof import('./graphql.js').RoomDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JoinRoom($roomId: ID!) {\n    joinRoom(roomId: $roomId) {\n      ...RoomFields\n    }\n  }\n"): typeof import('./graphql.js').JoinRoomDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Directory($search: String, $role: Role, $first: Int) {\n    directory(search: $search, role: $role, first: $first) {\n      edges {\n        node {\n          ...UserFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').DirectoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRoom($input: CreateRoomInput!) {\n    createRoom(input: $input) {\n      ...RoomFields\n    }\n  }\n"): typeof import('./graphql.js').CreateRoomDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartSession($input: StartMentoringSessionInput!) {\n    startMentoringSession(input: $input) {\n      ...RoomFields\n    }\n  }\n"): typeof import('./graphql.js').StartSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MessageAdded($roomId: ID!, $after: String) {\n    messageAdded(roomId: $roomId, after: $after) {\n      ...MessageFields\n    }\n  }\n"): typeof import('./graphql.js').MessageAddedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MessageChanged($roomId: ID!) {\n    messageChanged(roomId: $roomId) {\n      ...MessageFields\n    }\n  }\n"): typeof import('./graphql.js').MessageChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Typing($roomId: ID!) {\n    typing(roomId: $roomId) {\n      typing\n      user {\n        id\n        displayName\n      }\n    }\n  }\n"): typeof import('./graphql.js').TypingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Receipts($roomId: ID!) {\n    receipts(roomId: $roomId) {\n      ...ReceiptFields\n    }\n  }\n"): typeof import('./graphql.js').ReceiptsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
