import fs from 'node:fs';
import path from 'node:path';

const SPAN_BYTES = 4 * 1024 * 1024;

// One append made alone commits about 8 WAL frames (a 4 KB page and a 24-byte header each): the
// room's seq, the message row and its four indexes; 8.3 measured on a fresh store.
export const APPEND_WAL_BYTES = 8 * (4096 + 24);

/**
 * What this disk charges for one durable write, with no SQLite and no server: `bytes` written
 * and fdatasync'd, `count` times, cycling through a 4 MB file filled first. That is the shape of
 * a commit once SQLite's WAL has wrapped (it rewrites its file from the start after each
 * checkpoint), so the figure is the floor under every acknowledged send.
 */
export function timeDiskSyncs(dir: string, count: number, bytes = APPEND_WAL_BYTES): number[] {
  const file = path.join(dir, 'disk-floor.bin');
  const fd = fs.openSync(file, 'w+');
  try {
    fs.writeSync(fd, Buffer.alloc(SPAN_BYTES, 1));
    fs.fsyncSync(fd);
    const block = Buffer.alloc(bytes, 2);
    const slots = Math.floor(SPAN_BYTES / bytes);
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      fs.writeSync(fd, block, 0, bytes, (i % slots) * bytes);
      fs.fdatasyncSync(fd);
      samples.push(performance.now() - started);
    }
    return samples;
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
}
