import net from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** ms from the first byte written until the server closed the connection */
  closedAfterMs: number;
}

/** Starts the app on a real TCP port (127.0.0.1, any free port) and returns the port. */
export async function listen(app: FastifyInstance): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

export function connect(port: number, localAddress = '127.0.0.1'): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

export function parseRaw(raw: string): Omit<RawResponse, 'closedAfterMs'> {
  const end = raw.indexOf('\r\n\r\n');
  const head = end === -1 ? raw : raw.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body: end === -1 ? '' : raw.slice(end + 4) };
}

/**
 * Writes `chunks` (raw HTTP) to a fresh connection and reads until the server closes it, or
 * gives up after `timeoutMs` (then `status` is 0 and the socket is destroyed by us).
 */
export async function rawExchange(port: number, chunks: (string | Buffer)[], timeoutMs = 5_000): Promise<RawResponse> {
  const socket = await connect(port);
  const started = Date.now();
  return new Promise((resolve) => {
    const received: Buffer[] = [];
    let done = false;
    const finish = (closedByServer: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const parsed = parseRaw(Buffer.concat(received).toString('utf8'));
      if (!closedByServer) socket.destroy();
      resolve({ ...(closedByServer ? parsed : { ...parsed, status: 0 }), closedAfterMs: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    for (const chunk of chunks) socket.write(chunk);
  });
}
