// The widget's end-to-end crypto (widget/crypto/, bundled as the widget build does) in headless
// Debian Chromium: per message, seal + sign of a 1 KB body and verify + open of it, as the widget
// does them (Ed25519 through WebCrypto where the browser has it) and with tweetnacl alone (the
// fallback); per history page, opening 50 messages; per share, wrapping a room key for 50
// devices. Printed, not judged: there is no target.
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { build, type Rolldown } from 'vite';
import type * as WidgetCrypto from '../../widget/crypto/index.js';
import { launchBrowser } from '../e2e/helpers/browser.js';
import { envNumber, formatSummary, kb, printHeader, REPO_ROOT, reportResult, summarize } from './lib/report.js';
import { measureOwnWindow } from './lib/window.js';

const ENV_KEYS = [
  'CRYPTO_MESSAGES',
  'CRYPTO_NACL_MESSAGES',
  'CRYPTO_PAGE_SIZE',
  'CRYPTO_PAGES',
  'CRYPTO_SHARES',
  'CRYPTO_DEVICES',
  'CRYPTO_BODY_BYTES',
] as const;
const MESSAGES = envNumber('CRYPTO_MESSAGES', 2000);
// tweetnacl alone is slow: fewer samples of it, for comparison.
const NACL_MESSAGES = envNumber('CRYPTO_NACL_MESSAGES', 500);
const PAGE_SIZE = envNumber('CRYPTO_PAGE_SIZE', 50);
const PAGES = envNumber('CRYPTO_PAGES', 40);
const SHARES = envNumber('CRYPTO_SHARES', 100);
const DEVICES = envNumber('CRYPTO_DEVICES', 50);
const BODY_BYTES = envNumber('CRYPTO_BODY_BYTES', 1024);
const WARMUP = { messages: 200, shares: 10 };

/** widget/crypto as one ES module, with the widget build's bundler, target and minifier. */
async function bundleCrypto(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: REPO_ROOT,
    publicDir: false,
    build: {
      write: false,
      target: 'es2022',
      minify: 'oxc',
      lib: { entry: path.join(REPO_ROOT, 'widget/crypto/index.ts'), formats: ['es'], fileName: () => 'crypto.js' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
  if (chunk?.type !== 'chunk') throw new Error('vite produced no chunk for widget/crypto');
  return chunk.code;
}

// Cross-origin isolated, so performance.now() ticks in µs rather than Chromium's coarsened 100 µs.
const ISOLATED = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
const PAGE = `<!doctype html><meta charset="utf-8"><title>crypto bench</title>
<script type="module">import * as mc from '/crypto.js'; window.mc = mc; window.ready = true;</script>`;

/** Serves the page and the bundle from 127.0.0.1 (a secure context, as the widget's pages are). */
function serve(bundle: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const js = req.url === '/crypto.js';
    res.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html; charset=utf-8', ...ISOLATED });
    res.end(js ? bundle : PAGE);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}/`, server });
    }),
  );
}

interface PageRun {
  implementation: string;
  seal: number[];
  open: number[];
  pages: number[];
  naclSeal: number[];
  naclOpen: number[];
  naclPages: number[];
  sameSignatures: number;
  wrap: number[];
  opened: number;
  ciphertextBytes: number;
  resolutionMs: number;
  isolated: boolean;
}

interface PageOptions {
  messages: number;
  naclMessages: number;
  pageSize: number;
  pages: number;
  shares: number;
  devices: number;
  bodyBytes: number;
  warmup: typeof WARMUP;
}

/**
 * Runs in the page: every sample is one call (or one share, or one page) timed with
 * performance.now(). The async calls are awaited one by one, so a sample is the call's
 * latency, which bounds the main-thread time it took (WebCrypto runs off the main thread).
 */
async function runInPage(o: PageOptions): Promise<PageRun> {
  // The bundle's exports, which the page put on window.
  const mc = (window as unknown as { mc: typeof WidgetCrypto }).mc;
  const implementation = await mc.ed25519Implementation();
  const device = mc.makeDeviceKeys();
  const roomKey = mc.makeRoomKey();
  const roomId = 'Um9vbTpjNzk0MTdlOC03OWY1LTQ0MWYtODg1MC1hNmU1NWQ3MWUyZDQ=';
  const sentence = 'Thank you for telling me about the exams, let us make a plan for the next weeks. ';
  const body = sentence.repeat(Math.ceil(o.bodyBytes / sentence.length)).slice(0, o.bodyBytes);
  const keys = { roomId, roomKey, senderSignPublicKey: device.sign.publicKey };
  const input = {
    body,
    roomId,
    keyVersion: 1,
    roomKey,
    senderDeviceId: 'RGV2aWNlOjE=',
    signSecretKey: device.sign.secretKey,
  };
  const seal: number[] = [];
  const open: number[] = [];
  const pages: number[] = [];
  const naclSeal: number[] = [];
  const naclOpen: number[] = [];
  const naclPages: number[] = [];
  const wrap: number[] = [];
  const payloads: WidgetCrypto.EncryptedPayload[] = [];
  for (let i = 0; i < o.warmup.messages + o.messages; i++) {
    const t0 = performance.now();
    const payload = await mc.sealMessageAsync(input);
    const t1 = performance.now();
    if (i >= o.warmup.messages) {
      seal.push(t1 - t0);
      payloads.push(payload);
    }
  }
  let opened = 0;
  for (let i = 0; i < o.warmup.messages; i++) await mc.openMessageAsync(payloads[i], keys);
  for (const payload of payloads) {
    const t0 = performance.now();
    const result = await mc.openMessageAsync(payload, keys);
    const t1 = performance.now();
    open.push(t1 - t0);
    if (result.ok && result.body === body) opened++;
  }
  // A history page as the widget opens it: all its messages asked for at once.
  for (let p = 0; p < o.pages; p++) {
    const page = Array.from({ length: o.pageSize }, (_, i) => payloads[(p * o.pageSize + i) % payloads.length]);
    const t0 = performance.now();
    const results = await Promise.all(page.map((payload) => mc.openMessageAsync(payload, keys)));
    const t1 = performance.now();
    pages.push(t1 - t0);
    if (results.some((r) => !r.ok)) throw new Error('a history page did not open');
  }
  // tweetnacl alone (the fallback, and the widget before WebCrypto), with the same nonces:
  // Ed25519 is deterministic, so every signature must come out the same.
  let sameSignatures = 0;
  for (let i = 0; i < o.warmup.messages / 4 + o.naclMessages; i++) {
    const reference = payloads[i % payloads.length];
    const nonce = Uint8Array.from(atob(reference.nonce), (c) => c.charCodeAt(0));
    const t0 = performance.now();
    const payload = mc.sealMessage({ ...input, nonce });
    const t1 = performance.now();
    if (i >= o.warmup.messages / 4) naclSeal.push(t1 - t0);
    if (payload.signature === reference.signature) sameSignatures++;
  }
  for (let i = 0; i < o.warmup.messages / 4 + o.naclMessages; i++) {
    const t0 = performance.now();
    const result = mc.openMessage(payloads[i % payloads.length], keys);
    const t1 = performance.now();
    if (i >= o.warmup.messages / 4) naclOpen.push(t1 - t0);
    if (!result.ok) throw new Error('tweetnacl did not open a payload');
  }
  for (let p = 0; p < Math.min(o.pages, 10); p++) {
    const t0 = performance.now();
    for (let i = 0; i < o.pageSize; i++) mc.openMessage(payloads[(p * o.pageSize + i) % payloads.length], keys);
    naclPages.push(performance.now() - t0);
  }
  const recipients = Array.from({ length: o.devices }, () => mc.makeDeviceKeys().box.publicKey);
  for (let i = 0; i < o.warmup.shares + o.shares; i++) {
    const t0 = performance.now();
    for (const recipient of recipients) mc.wrapRoomKey(roomKey, recipient, device.box.secretKey);
    const t1 = performance.now();
    if (i >= o.warmup.shares) wrap.push(t1 - t0);
  }
  let resolutionMs = Number.POSITIVE_INFINITY;
  for (let i = 0, last = performance.now(); i < 100_000; i++) {
    const now = performance.now();
    if (now > last) resolutionMs = Math.min(resolutionMs, now - last);
    last = now;
  }
  const ciphertextBytes = atob(payloads[0].ciphertext).length;
  return {
    implementation,
    seal,
    open,
    pages,
    naclSeal,
    naclOpen,
    naclPages,
    sameSignatures,
    wrap,
    opened,
    ciphertextBytes,
    resolutionMs,
    isolated: globalThis.crossOriginIsolated,
  };
}

printHeader('widget crypto in headless Chromium, per message', import.meta.url, ENV_KEYS);
const bundle = await bundleCrypto();
const { url, server } = await serve(bundle);
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  const endWindow = measureOwnWindow();
  const run: PageRun = await page.evaluate(runInPage, {
    messages: MESSAGES,
    naclMessages: NACL_MESSAGES,
    pageSize: PAGE_SIZE,
    pages: PAGES,
    shares: SHARES,
    devices: DEVICES,
    bodyBytes: BODY_BYTES,
    warmup: WARMUP,
  });
  const use = endWindow();
  console.log(
    `set-up: widget/crypto bundled by vite (es2022, minified: ${kb(bundle.length)}), Chromium ${browser.version()} ` +
      `headless (/usr/bin/chromium); one page, main thread; cross-origin isolated: ${run.isolated}, ` +
      `timer resolution ${(run.resolutionMs * 1000).toFixed(0)} µs; body ${BODY_BYTES} B of text ` +
      `(ciphertext ${run.ciphertextBytes} B); warm-up ${WARMUP.messages} messages (${WARMUP.messages / 4} with ` +
      `tweetnacl alone), ${WARMUP.shares} shares`,
  );
  const seal = summarize(run.seal);
  const open = summarize(run.open);
  const pages = summarize(run.pages);
  const naclSeal = summarize(run.naclSeal);
  const naclOpen = summarize(run.naclOpen);
  const naclPages = summarize(run.naclPages);
  const wrap = summarize(run.wrap);
  console.log(`Ed25519 implementation the widget uses here (ed25519Implementation()): ${run.implementation}`);
  console.log(`seal + sign (sealMessageAsync), ${BODY_BYTES} B body:     ${formatSummary(seal)}`);
  console.log(`verify + open (openMessageAsync), same payloads: ${formatSummary(open)}`);
  console.log(`history page of ${PAGE_SIZE} (openMessageAsync, all at once): ${formatSummary(pages)}`);
  console.log(`tweetnacl alone, for comparison (sealMessage / openMessage, synchronous):`);
  console.log(`  seal + sign:   ${formatSummary(naclSeal)}`);
  console.log(`  verify + open: ${formatSummary(naclOpen)}`);
  console.log(`  history page of ${PAGE_SIZE}, one after another: ${formatSummary(naclPages)}`);
  console.log(
    `  same signature as the widget's path: ${run.sameSignatures} of ${run.naclSeal.length + WARMUP.messages / 4}`,
  );
  console.log(`wrap a room key for ${DEVICES} devices (wrapRoomKey x${DEVICES}):  ${formatSummary(wrap)}`);
  console.log(
    `per device: mean ${(wrap.mean / DEVICES).toFixed(3)} ms; opened and verified ${run.opened} of ${run.open.length} payloads`,
  );
  console.log(
    `client overhead: this process and Chromium used ${use.cpuMs.toFixed(0)} ms CPU in ${use.wallMs.toFixed(0)} ms`,
  );
  console.log(use.noise);
  if (run.opened !== run.open.length) throw new Error(`only ${run.opened} of ${run.open.length} payloads opened`);
  const signed = run.naclSeal.length + WARMUP.messages / 4;
  if (run.sameSignatures !== signed) throw new Error(`only ${run.sameSignatures} of ${signed} signatures matched`);
  const f = (v: number) => v.toFixed(2);
  reportResult('crypto-browser', [
    `widget crypto in Chromium (${run.implementation}), ${BODY_BYTES} B message: seal+sign p50 ${f(seal.p50)} / ` +
      `p99 ${f(seal.p99)} ms; verify+open p50 ${f(open.p50)} / p99 ${f(open.p99)} ms; page of ${PAGE_SIZE} p50 ` +
      `${f(pages.p50)} ms (tweetnacl alone: seal+sign p50 ${f(naclSeal.p50)}, verify+open p50 ${f(naclOpen.p50)} ms); ` +
      `wrap for ${DEVICES} devices p50 ${f(wrap.p50)} / p99 ${f(wrap.p99)} ms`,
  ]);
} finally {
  await browser.close();
  server.close();
}
process.exit(0);
