import { type DeviceKeys, importPublicDeviceKeys } from '../crypto/index.js';
import { DevicesQuery } from '../graphql/e2e.operations.js';
import type { DeviceFieldsFragment } from '../graphql/generated/graphql.js';
import type { Transport } from '../graphql/transport.js';

/** The public keys of a device, as the server lists them. */
export interface Device {
  id: string;
  userId: string;
  box: Uint8Array;
  sign: Uint8Array;
  /** Removed devices get no new keys; their keys still check and open what they did before. */
  removedAt: string | null;
}

/** Keys held here for one device: this browser's own, or the key backup's recovery device. */
export interface HeldDevice {
  id: string;
  keys: DeviceKeys;
}

/**
 * The devices met so far (to wrap room keys for them, and to check and open what they
 * sent), and the devices each user has in use, as last fetched.
 */
export class DeviceDirectory {
  private readonly devices = new Map<string, Device>();
  private readonly userDevices = new Map<string, Device[]>();

  constructor(private readonly transport: () => Transport | null) {}

  get(id: string): Device | undefined {
    return this.devices.get(id);
  }

  /** Whether this user's devices were fetched (since sign-in). */
  fetched(userId: string): boolean {
    return this.userDevices.has(userId);
  }

  remember(d: DeviceFieldsFragment): Device | null {
    const pub = importPublicDeviceKeys(d);
    if (!pub) return null;
    const device = {
      id: d.id,
      userId: d.user.id,
      box: pub.boxPublicKey,
      sign: pub.signPublicKey,
      removedAt: d.removedAt ?? null,
    };
    this.devices.set(d.id, device);
    return device;
  }

  /** Fetches a user's devices: all are remembered, those in use are returned. */
  async load(userId: string): Promise<Device[]> {
    const transport = this.transport();
    if (!transport) return [];
    const { devices } = await transport.query(DevicesQuery, { userId });
    // Removed devices stay known (to check and open what they did) but get no new keys.
    const list = devices.map((d) => this.remember(d)).filter((d): d is Device => d !== null && !d.removedAt);
    this.userDevices.set(userId, list);
    return list;
  }

  clear(): void {
    this.devices.clear();
    this.userDevices.clear();
  }
}
