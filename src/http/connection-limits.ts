import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionLimits } from '../config.js';

/**
 * Fastify's server options for slow clients. Node checks the header and request deadlines on a
 * timer (every 30 s by default, so a deadline could be overrun by that much): here it checks
 * every second at most, sooner for shorter deadlines.
 */
export function serverTimeouts(limits: ConnectionLimits) {
  const checkEveryMs = Math.max(10, Math.min(1_000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)));
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // no idle-socket timeout: it would also cut a response that takes long to compute
    connectionTimeout: 0,
    http: { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: checkEveryMs },
  };
}

/**
 * At most `max` open connections per client address: a socket over the cap is destroyed as it
 * connects, before a byte of it is read. `max` 0 turns the cap off.
 */
export function capConnectionsPerIp(server: Server, max: number): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (address === undefined) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
