import { describe, expect, it } from 'vitest';
import type { RoomKeyShare, WrappedKeyRecord } from '../../server/store/store.js';
import { contractAdapters, createDevice, freshStore } from './contract-fixtures.js';

// The two rules the store keeps atomically for end-to-end keys, for every adapter: the device
// cap (createDevice) and one key per room key version (shareRoomKey).

const adapters = await contractAdapters();

describe.each(adapters)('Store contract, key races: $name', (adapter) => {
  const { store, user, room } = freshStore(adapter);

  describe('createDevice under a cap', () => {
    const keys = (n: number) => ({ boxPublicKey: `box-${n}`, signPublicKey: `sign-${n}` });

    it('creates devices up to the cap in use, then answers null and writes nothing', async () => {
      const ada = await user('ada');
      const bob = await user('bob');
      const first = await store().createDevice({ userId: ada.id, ...keys(1) }, 2);
      expect(first).toMatchObject({ userId: ada.id, ...keys(1), removedAt: null });
      expect(await store().createDevice({ userId: ada.id, ...keys(2) }, 2)).not.toBeNull();
      expect(await store().createDevice({ userId: ada.id, ...keys(3) }, 2)).toBeNull();
      expect((await store().listDevices(ada.id)).map((d) => d.boxPublicKey).sort()).toEqual(['box-1', 'box-2']);
      // The cap is per user.
      expect(await store().createDevice({ userId: bob.id, ...keys(4) }, 2)).not.toBeNull();
    });

    it('counts only devices in use: a removal makes room', async () => {
      const ada = await user('ada');
      const first = await store().createDevice({ userId: ada.id, ...keys(1) }, 1);
      expect(await store().createDevice({ userId: ada.id, ...keys(2) }, 1)).toBeNull();
      await store().removeDevice(first!.id, new Date());
      const second = await store().createDevice({ userId: ada.id, ...keys(2) }, 1);
      expect(second).toMatchObject({ boxPublicKey: 'box-2', removedAt: null });
      expect(await store().listDevices(ada.id)).toHaveLength(2);
      expect(await store().createDevice({ userId: ada.id, ...keys(3) }, 1)).toBeNull();
    });

    it('lets exactly the cap through of many concurrent registrations', async () => {
      const ada = await user('ada');
      await store().createDevice({ userId: ada.id, ...keys(0) }, 20);
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => store().createDevice({ userId: ada.id, ...keys(i + 1) }, 20)),
      );
      expect(results.filter((device) => device !== null)).toHaveLength(19);
      const devices = await store().listDevices(ada.id);
      expect(devices).toHaveLength(20);
      expect(devices.filter((d) => d.removedAt === null)).toHaveLength(20);
    });
  });

  describe('shareRoomKey: one key per room key version', () => {
    /** A user's devices in an encrypted room, and shares of version 1 (unless told) by one of them. */
    const world = async () => {
      const ada = await user('ada');
      const bob = await user('bob');
      const r = await room(ada.id, { encrypted: true, memberIds: [ada.id, bob.id] });
      const device = (userId: string) => createDevice(store(), { userId, boxPublicKey: 'b', signPublicKey: 's' });
      const [laptop, phone, tablet, bobs] = [
        await device(ada.id),
        await device(ada.id),
        await device(ada.id),
        await device(bob.id),
      ];
      const share = (
        sender: { id: string },
        recipients: { id: string }[],
        tag: string,
        keyVersion = 1,
        roomId = r.id,
      ): Promise<{ made: boolean }> =>
        store().shareRoomKey({
          roomId,
          keyVersion,
          senderDeviceId: sender.id,
          wrapped: recipients.map((d) => ({ recipientDeviceId: d.id, nonce: `n-${tag}`, box: `${tag}-for-${d.id}` })),
        } satisfies RoomKeyShare);
      /** Who wrapped the key of `keyVersion` each device holds (null: none). */
      const senders = async (devices: { id: string }[], keyVersion = 1, roomId = r.id) =>
        Promise.all(
          devices.map(
            async (d) =>
              (await store().listWrappedKeys(roomId, d.id)).find((k) => k.keyVersion === keyVersion)?.senderDeviceId ??
              null,
          ),
        );
      return { ada, bob, r, laptop, phone, tablet, bobs, share, senders };
    };
    const conflict = { name: 'StoreConflictError', constraint: 'roomId,keyVersion' };

    it('the first share makes the version; a device that holds nothing of it is refused and writes nothing', async () => {
      const { r, laptop, phone, bobs, share, senders } = await world();
      expect(await share(laptop, [laptop, bobs], 'laptop')).toEqual({ made: true });
      await expect(share(phone, [phone, laptop, bobs], 'phone')).rejects.toMatchObject(conflict);
      expect(await senders([laptop, phone, bobs])).toEqual([laptop.id, null, laptop.id]);
      expect(await store().listWrappedKeys(r.id, laptop.id)).toEqual<WrappedKeyRecord[]>([
        {
          roomId: r.id,
          keyVersion: 1,
          recipientDeviceId: laptop.id,
          senderDeviceId: laptop.id,
          nonce: 'n-laptop',
          box: `laptop-for-${laptop.id}`,
        },
      ]);
    });

    it('a holder passes the key on: new recipients get its box, a stored box is never replaced', async () => {
      const { r, laptop, phone, tablet, bobs, share, senders } = await world();
      await share(laptop, [laptop, bobs], 'laptop');
      expect(await share(bobs, [phone, laptop, bobs], 'bobs')).toEqual({ made: false });
      expect(await senders([laptop, phone, bobs])).toEqual([laptop.id, bobs.id, laptop.id]);
      expect((await store().listWrappedKeys(r.id, laptop.id))[0].box).toBe(`laptop-for-${laptop.id}`);
      // The phone now holds it too, and passes it on in turn.
      expect(await share(phone, [tablet], 'phone')).toEqual({ made: false });
      expect(await senders([tablet])).toEqual([phone.id]);
    });

    it('the maker passes it on without holding it itself; other non-holders stay refused', async () => {
      const { laptop, phone, tablet, bobs, share, senders } = await world();
      expect(await share(laptop, [bobs], 'laptop')).toEqual({ made: true });
      expect(await share(laptop, [phone], 'laptop')).toEqual({ made: false });
      await expect(share(tablet, [tablet], 'tablet')).rejects.toMatchObject(conflict);
      expect(await senders([laptop, phone, tablet, bobs])).toEqual([null, laptop.id, null, laptop.id]);
    });

    it('stores no box for a removed device; the rest of the share stands', async () => {
      const { laptop, phone, bobs, share, senders } = await world();
      await store().removeDevice(phone.id, new Date());
      expect(await share(laptop, [laptop, phone, bobs], 'laptop')).toEqual({ made: true });
      expect(await senders([laptop, phone, bobs])).toEqual([laptop.id, null, laptop.id]);
    });

    it('a new key is refused while any device holds the version, the sender included', async () => {
      const { r, laptop, phone, bobs, senders } = await world();
      const newKey = (sender: { id: string }, recipients: { id: string }[], tag: string) =>
        store().shareRoomKey({
          roomId: r.id,
          keyVersion: 1,
          senderDeviceId: sender.id,
          wrapped: recipients.map((d) => ({ recipientDeviceId: d.id, nonce: 'n', box: `${tag}-for-${d.id}` })),
          newKey: true,
        });
      expect(await newKey(laptop, [laptop, bobs], 'laptop')).toEqual({ made: true });
      // Bob's device holds the laptop's key: a key it made now would be a second one.
      await expect(newKey(bobs, [bobs, phone], 'bobs')).rejects.toMatchObject(conflict);
      await expect(newKey(laptop, [phone], 'again')).rejects.toMatchObject(conflict);
      await expect(newKey(phone, [phone], 'phone')).rejects.toMatchObject(conflict);
      expect(await senders([laptop, phone, bobs])).toEqual([laptop.id, null, laptop.id]);
    });

    it('keeps versions and rooms apart', async () => {
      const { ada, laptop, phone, bobs, share, senders } = await world();
      const other = await room(ada.id, { encrypted: true });
      await share(laptop, [laptop, bobs], 'v1');
      expect(await share(phone, [phone, bobs], 'v2', 2)).toEqual({ made: true });
      expect(await share(phone, [phone], 'other', 1, other.id)).toEqual({ made: true });
      expect(await senders([laptop, phone, bobs], 2)).toEqual([null, phone.id, phone.id]);
      expect(await senders([laptop, phone, bobs], 1)).toEqual([laptop.id, null, laptop.id]);
    });

    it('lets one of many concurrent makers of a version win; the others write nothing', async () => {
      const { ada, r, bobs, share, senders } = await world();
      const devices = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          createDevice(store(), { userId: ada.id, boxPublicKey: `b${i}`, signPublicKey: `s${i}` }),
        ),
      );
      // Each device makes its own key, for itself and Bob's device.
      const results = await Promise.allSettled(devices.map((d, i) => share(d, [d, bobs], `key-${i}`)));
      const won = results.flatMap((result, i) => (result.status === 'fulfilled' ? [i] : []));
      expect(won).toHaveLength(1);
      const [winner] = won;
      expect(results[winner]).toEqual({ status: 'fulfilled', value: { made: true } });
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toMatchObject(conflict);
      }
      expect(await senders([...devices, bobs])).toEqual([
        ...devices.map((d, i) => (i === winner ? d.id : null)),
        devices[winner].id,
      ]);
      expect((await store().listWrappedKeys(r.id, bobs.id))[0].box).toBe(`key-${winner}-for-${bobs.id}`);
    });

    it('a version whose maker is gone (or unknown, for keys stored before makers were recorded): only its holders pass it on', async () => {
      const { laptop, phone, tablet, bobs, share, senders } = await world();
      expect(await share(laptop, [bobs], 'old')).toEqual({ made: true });
      await store().removeDevice(laptop.id, new Date());
      await expect(share(phone, [phone], 'phone')).rejects.toMatchObject(conflict);
      expect(await share(bobs, [tablet], 'bobs')).toEqual({ made: false });
      expect(await senders([phone, tablet, bobs])).toEqual([null, bobs.id, laptop.id]);
    });

    it('a version no device holds any more (every holder removed) may be made again', async () => {
      const { laptop, phone, bobs, share, senders } = await world();
      await share(laptop, [laptop, bobs], 'first');
      await store().removeDevice(laptop.id, new Date());
      await expect(share(phone, [phone, bobs], 'second')).rejects.toMatchObject(conflict);
      await store().removeDevice(bobs.id, new Date());
      expect(await share(phone, [phone], 'second')).toEqual({ made: true });
      expect(await senders([phone])).toEqual([phone.id]);
    });

    it('a share with no boxes writes nothing and makes nothing, but is refused the same way', async () => {
      const { laptop, phone, bobs, share, senders } = await world();
      expect(await share(laptop, [], 'none')).toEqual({ made: false });
      expect(await share(phone, [phone, bobs], 'phone')).toEqual({ made: true });
      await expect(share(laptop, [], 'none')).rejects.toMatchObject(conflict);
      expect(await senders([laptop, phone, bobs])).toEqual([null, phone.id, phone.id]);
    });
  });
});
