/**
 * This browser's device keys, in IndexedDB (never sent anywhere). One record per server
 * and user: `{ deviceId, secret, recovery? }`, `secret` being `serializeDeviceKeys` output;
 * `recovery` the user's recovery device once this browser made or restored the key backup.
 * Sign-out deletes the whole database, like every other trace of the person.
 */
const DB_NAME = 'mentor-chat-keys';
const STORE = 'devices';

export interface StoredKeys {
  deviceId: string;
  secret: Uint8Array;
}

export interface StoredDevice extends StoredKeys {
  /** The recovery device of the key backup, when this browser made or restored it. */
  recovery?: StoredKeys;
}

const isStoredKeys = (value: unknown): value is StoredKeys =>
  typeof (value as StoredKeys | undefined)?.deviceId === 'string' && (value as StoredKeys).secret instanceof Uint8Array;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDb(): Promise<IDBDatabase> | null {
  const idb = globalThis.indexedDB;
  if (!idb) return null;
  const req = idb.open(DB_NAME, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE);
  return request(req);
}

async function run<T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | null> {
  try {
    const db = await openDb();
    if (!db) return null;
    try {
      return await request(op(db.transaction(STORE, mode).objectStore(STORE)));
    } finally {
      db.close();
    }
  } catch {
    return null; // private mode or blocked storage: keys live in memory for this visit only
  }
}

export async function loadDevice(key: string): Promise<StoredDevice | null> {
  const found = await run('readonly', (s) => s.get(key) as IDBRequest<StoredDevice | undefined>);
  if (!isStoredKeys(found)) return null;
  return isStoredKeys(found.recovery) ? found : { deviceId: found.deviceId, secret: found.secret };
}

export async function saveDevice(key: string, device: StoredDevice): Promise<void> {
  await run('readwrite', (s) => s.put(device, key));
}

/** Removes every key of every user from this browser (sign-out). */
export function forgetAllDevices(): Promise<void> {
  return new Promise((resolve) => {
    const idb = globalThis.indexedDB;
    if (!idb) return resolve();
    const req = idb.deleteDatabase(DB_NAME);
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  });
}
