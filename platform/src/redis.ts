import { createClient, type RedisClientType } from 'redis';
import type { Logger } from './logger.ts';

/** How long a starting process waits for Redis before it serves without it. */
const CONNECT_WAIT_MS = 2_000;
/** The longest a command on shared state may take before its caller falls back. */
const COMMAND_TIMEOUT_MS = 500;
/** Reconnect backoff: quick at first, then every two seconds while Redis is away. */
const reconnectDelay = (retries: number) => Math.min(50 * 2 ** retries, 2_000);

/**
 * A Redis client for state that replicas share (APQ, rate limits, request
 * nonces) that never makes the API wait on Redis: a process starts after at
 * most two seconds whether or not Redis answers, while Redis is away every
 * command fails at once instead of queueing, and one it takes but does not
 * answer fails after half a second, so each caller falls back to its
 * own process memory. It reconnects by itself; an outage and its end are
 * logged once each, not once per attempt.
 */
export async function connectRedis(url: string, logger: Logger, waitMs = CONNECT_WAIT_MS): Promise<RedisClientType> {
  const client: RedisClientType = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 1_000, reconnectStrategy: reconnectDelay },
    // A Redis that takes connections but never answers costs a request this much per command, not forever.
    commandOptions: { timeout: COMMAND_TIMEOUT_MS },
  });
  let reachable = true;
  client.on('error', (error: Error) => {
    if (!reachable) return;
    reachable = false;
    logger.warn('redis unreachable; shared state falls back to this process until it answers', { error: error.message });
  });
  client.on('ready', () => {
    if (reachable) return;
    reachable = true;
    logger.info('redis answers again');
  });
  const connected = client.connect().then(
    () => true,
    () => false,
  );
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
  await Promise.race([connected, waited]);
  clearTimeout(timer);
  return client;
}

/** Closes a client from `connectRedis`, connected or not, without waiting on a Redis that does not answer. */
export async function closeRedis(client: RedisClientType): Promise<void> {
  if (client.isReady) {
    let timer: NodeJS.Timeout | undefined;
    const quit = client.close().then(() => true, () => false);
    const gaveUp = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), COMMAND_TIMEOUT_MS)));
    const closed = await Promise.race([quit, gaveUp]);
    clearTimeout(timer);
    if (closed) return;
  }
  client.destroy();
}
