import {
  type DeviceKeys,
  deserializeDeviceKeys,
  exportPublicDeviceKeys,
  makeDeviceKeys,
  serializeDeviceKeys,
} from '../crypto/index.js';
import { RegisterDeviceMutation } from '../graphql/e2e.operations.js';
import { asChatError } from '../graphql/errors.js';
import type { Transport } from '../graphql/transport.js';
import { loadDevice, saveDevice } from '../state/key-store.js';
import type { DeviceDirectory, HeldDevice } from './e2e-devices.js';

/** This browser's device for the signed-in person, as registered with the server. */
export interface OwnDevice {
  /** Where its keys are kept here (IndexedDB): the server's scope and the user. */
  slot: string;
  id: string;
  keys: DeviceKeys;
  /** Whether this sign-in made the keys (none were stored here). */
  newDevice: boolean;
  /** The key backup's recovery device, once this browser made or restored the backup. */
  recovery: HeldDevice | null;
}

/**
 * Loads this device's keys, or makes them on first sign-in here, and registers the public
 * halves. Null when the sign-in it was for ended meanwhile (`current` turned false).
 */
export async function setUpOwnDevice(
  slot: string,
  transport: Transport,
  current: () => boolean,
  directory: DeviceDirectory,
): Promise<OwnDevice | null> {
  const stored = await loadDevice(slot);
  let storedKeys = stored && deserializeDeviceKeys(stored.secret);
  let keys = storedKeys || makeDeviceKeys();
  const register = () => transport.mutate(RegisterDeviceMutation, exportPublicDeviceKeys(keys));
  const { registerDevice } = await register().catch((error) => {
    // Keys of a device removed meanwhile (signed out in another tab of this browser): start afresh.
    if (!storedKeys || asChatError(error).code !== 'BAD_USER_INPUT') throw error;
    storedKeys = null;
    keys = makeDeviceKeys();
    return register();
  });
  if (!current()) return null;
  if (stored?.deviceId !== registerDevice.id) {
    await saveDevice(slot, { ...stored, deviceId: registerDevice.id, secret: serializeDeviceKeys(keys) });
  }
  const recovery = stored?.recovery && deserializeDeviceKeys(stored.recovery.secret);
  directory.remember(registerDevice);
  return {
    slot,
    id: registerDevice.id,
    keys,
    newDevice: !storedKeys,
    recovery: recovery && stored?.recovery ? { id: stored.recovery.deviceId, keys: recovery } : null,
  };
}

/**
 * Keeps the key backup's recovery device next to this device's keys (IndexedDB, until
 * sign-out): room keys wrapped for it open here too.
 */
export function keepRecovery(own: OwnDevice, device: HeldDevice): Promise<void> {
  own.recovery = device;
  const recovery = { deviceId: device.id, secret: serializeDeviceKeys(device.keys) };
  return saveDevice(own.slot, { deviceId: own.id, secret: serializeDeviceKeys(own.keys), recovery });
}
