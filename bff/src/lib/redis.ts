import Redis from 'ioredis';

export type RedisClient = Redis;

/**
 * The shared Redis of a multi-replica deployment (REDIS_URL): rate limits, slot broadcasts.
 * Commands fail fast while it is unreachable instead of queueing behind a dead connection, so a
 * Redis outage is an error the caller sees, not a hung request.
 */
export async function connectRedis(url: string, keyPrefix = ''): Promise<RedisClient> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    keyPrefix,
  });
  await client.connect();
  return client;
}

/** A second connection for SUBSCRIBE (a subscribed connection can run nothing else). */
export async function subscriberOf(client: RedisClient): Promise<RedisClient> {
  const sub = client.duplicate({ lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: null });
  await sub.connect();
  return sub;
}

/** Pub/sub channels are not prefixed by ioredis; the same prefix keeps them apart. */
export const channelOf = (client: RedisClient, name: string) => `${client.options.keyPrefix ?? ''}${name}`;
