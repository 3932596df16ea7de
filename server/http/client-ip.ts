import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

type Trust = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY names the proxies in front of the server, so per-IP limits count people, not
 * the proxy: a hop count (`1`), or addresses, subnets and presets (`loopback`, `uniquelocal`,
 * `10.0.0.0/8`), comma-separated. Throws on anything proxy-addr cannot read.
 */
export function compileTrustProxy(raw: string): Trust {
  const value = raw.trim();
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return proxyAddr.compile(value.split(',').map((part) => part.trim()));
}

/**
 * The client address of a request: the socket's peer, or with TRUST_PROXY the nearest
 * X-Forwarded-For entry not added by a trusted proxy (a client cannot forge past them).
 */
export function clientIpResolver(trustProxy: string | null): (req: IncomingMessage) => string {
  if (!trustProxy) return (req) => req.socket.remoteAddress ?? 'unknown';
  const trust = compileTrustProxy(trustProxy);
  return (req) => (req.socket.remoteAddress ? proxyAddr(req, trust) : 'unknown');
}
