/**
 * Proof under faults: kill -9 the server during a burst of sends from several clients.
 * After a restart, every acknowledged message is present exactly once, seq has no duplicate,
 * retries of unacknowledged sends (same clientId) never duplicate, and a client resuming
 * with `after` sees every acknowledged message.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createRoom, joinRoom, registerStudent, signInAdmin } from '../utils/actors.js';
import { connected, gql, must, subscribe, wsClient } from '../utils/graphql-client.js';
import { type Cluster, createCluster } from '../utils/instances.js';

const SEND = 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq clientId } }';
const HISTORY = `query($r: ID!, $after: String) { room(id: $r) { messages(first: 100, after: $after) {
  edges { node { seq clientId } } pageInfo { hasNextPage endCursor } } } }`;

let cluster: Cluster;
afterAll(async () => {
  await cluster?.cleanup();
});

async function allMessages(url: string, token: string, room: string) {
  const rows: { seq: number; clientId: string }[] = [];
  let after: string | null = null;
  for (;;) {
    const data: any = await must(url, HISTORY, { r: room, after }, token);
    rows.push(...data.room.messages.edges.map((e: any) => e.node));
    if (!data.room.messages.pageInfo.hasNextPage) return rows;
    after = data.room.messages.pageInfo.endCursor;
  }
}

describe('kill -9 during a burst of sends', () => {
  it('loses no acknowledged message and duplicates nothing', async () => {
    cluster = createCluster();
    const first = await cluster.start();
    const admin = await signInAdmin(first.url);
    const room = await createRoom(first.url, admin.token, { kind: 'PUBLIC' });
    const senders = await Promise.all([1, 2, 3, 4].map((i) => registerStudent(first.url, `Sender ${i}`)));
    for (const s of senders) await joinRoom(first.url, s.token, room);

    const acked = new Map<string, number>(); // clientId -> seq
    const attempted: { token: string; clientId: string; body: string }[] = [];
    let killed = false;
    const burst = senders.map(async (sender, n) => {
      for (let i = 0; i < 400 && !killed; i++) {
        const clientId = `s${n}-m${i}`;
        const input = { roomId: room, clientId, body: `burst ${n} ${i}` };
        attempted.push({ token: sender.token, clientId, body: input.body });
        try {
          const res = await gql(first.url, SEND, { i: input }, sender.token);
          if (res.data?.sendMessage) acked.set(clientId, res.data.sendMessage.seq);
        } catch {
          return; // the connection died with the server
        }
      }
    });
    // Let the burst run, then kill without warning.
    while (acked.size < 150) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    killed = true;
    await first.exited;
    await Promise.all(burst);
    const ackedBeforeCrash = acked.size;
    expect(ackedBeforeCrash).toBeGreaterThanOrEqual(150);

    const second = await cluster.start();
    const stored = await allMessages(second.url, admin.token, room);
    const seqs = stored.map((m) => m.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(new Set(stored.map((m) => m.clientId)).size).toBe(stored.length);
    const storedByClientId = new Map(stored.map((m) => [m.clientId, m.seq]));
    for (const [clientId, seq] of acked) expect(storedByClientId.get(clientId)).toBe(seq);

    // Clients retry whatever they did not see acknowledged, with the same clientId: never a duplicate.
    for (const attempt of attempted.filter((a) => !acked.has(a.clientId))) {
      const res = await must(
        second.url,
        SEND,
        { i: { roomId: room, clientId: attempt.clientId, body: attempt.body } },
        attempt.token,
      );
      acked.set(attempt.clientId, res.sendMessage.seq);
    }
    const final = await allMessages(second.url, admin.token, room);
    expect(final).toHaveLength(attempted.length);
    expect(new Set(final.map((m) => m.seq)).size).toBe(final.length);

    // A reader resuming after the first message sees every acknowledged message, in order, once.
    const reader = wsClient(second.wsUrl, admin.token);
    await connected(reader.client);
    const firstMessage: any = await must(
      second.url,
      'query($r: ID!) { room(id: $r) { messages(first: 1) { edges { node { id } } } } }',
      { r: room },
      admin.token,
    );
    const sub = subscribe(
      reader.client,
      'subscription($r: ID!, $a: String) { messageAdded(roomId: $r, after: $a) { seq clientId } }',
      {
        r: room,
        a: firstMessage.room.messages.edges[0].node.id,
      },
    );
    const events = await sub.take(final.length - 1, 15_000);
    const replayed = events.map((e) => e.data.messageAdded.seq);
    expect(replayed).toEqual([...replayed].sort((a, b) => a - b));
    expect(new Set(replayed).size).toBe(replayed.length);
    const replayedIds = new Set(events.map((e) => e.data.messageAdded.clientId));
    for (const clientId of acked.keys())
      if (storedByClientId.get(clientId) !== final[0].seq) expect(replayedIds.has(clientId)).toBe(true);
    await reader.dispose();
  }, 90_000);
});
