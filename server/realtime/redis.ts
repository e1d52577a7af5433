// Several Concord nodes behind a load balancer share Socket.IO rooms through Redis
// (@socket.io/redis-adapter, pub/sub): an event emitted on one node reaches every client in the
// room whichever node holds its connection. Enabled by REDIS_URL; without it one node works alone.
// See docs/decisions/0010-several-nodes.md.
// Loaded only when REDIS_URL is set: a single node never holds Redis's client in memory
// (decision 0042).
import type { createAdapter } from "@socket.io/redis-adapter";
import { logger } from "../logger";

export interface RedisLink {
  adapter: ReturnType<typeof createAdapter>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The adapter's channel prefix for one deployment. Socket.IO's default ("socket.io") is the same
 * for everyone, so two deployments sharing a Redis would deliver each other's live events.
 */
export function redisChannelPrefix(deploymentId: string): string {
  return `concord:${deploymentId}`;
}

export async function connectRedis(url: string, deploymentId: string): Promise<RedisLink> {
  const [{ createAdapter }, { createClient }] = await Promise.all([import("@socket.io/redis-adapter"), import("redis")]);
  const pub = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(retries * 200, 5_000) } });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
  await Promise.all([pub.connect(), sub.connect()]);
  return {
    adapter: createAdapter(pub, sub, { key: redisChannelPrefix(deploymentId) }),
    async ping() {
      try {
        return (await pub.ping()) === "PONG";
      } catch {
        return false;
      }
    },
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
