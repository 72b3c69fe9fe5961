import { Redis } from 'ioredis';

/** Redis client that fails fast instead of queueing commands forever when the server is away. */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: true, connectTimeout: 3000 });
}

/** Connects and pings once; throws with the URL named when Redis does not answer. */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = createRedis(url);
  redis.on('error', () => {
    // Reconnection is ioredis' job; request paths see failures through their own commands.
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    redis.disconnect();
    throw new RedisDownError(
      `Redis is not answering at ${url}. Start it (e.g. "redis-server --daemonize yes --bind 127.0.0.1 --port 6379") or set REDIS_URL.`,
    );
  }
  return redis;
}

export class RedisDownError extends Error {}
export type { Redis };
