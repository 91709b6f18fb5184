import type { FastifyReply } from 'fastify';

const serialized = new WeakMap<object, string>();

/**
 * Sends a value from a read cache (frozen, shared by every request that hits it) as JSON,
 * serialized by the route's 200 response schema once per cached value instead of on every
 * request. Values that are not frozen are serialized each time, as usual.
 */
export function sendShared(reply: FastifyReply, value: { [key: string]: unknown }): void {
  let json = serialized.get(value);
  if (json === undefined) {
    const serialize = reply.getSerializationFunction('200');
    if (!serialize) throw new Error('sendShared: the route has no 200 response schema');
    json = serialize(value);
    if (Object.isFrozen(value)) serialized.set(value, json);
  }
  reply.type('application/json; charset=utf-8').send(json);
}
