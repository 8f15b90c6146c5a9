import { PeriodicTask, type Database, type Logger } from '@inventory/platform';
import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import { queueDeliveries, recordAttempts, takeDueDeliveries, type AttemptOutcome, type DueDelivery } from './store.ts';
import { checkedLookup } from './targets.ts';

export interface WebhookDispatchOptions {
  /** How often the dispatcher queues new events and sends due deliveries. */
  readonly intervalMs: number;
  /** The longest one delivery may take. */
  readonly timeoutMs: number;
  /** Attempts before a delivery is given up (FAILED; it can still be redelivered on request). */
  readonly maxAttempts: number;
  /** Failed deliveries in a row after which a webhook is disabled. */
  readonly disableAfter: number;
  /** Only public addresses are reached in production. */
  readonly production: boolean;
}

/** Seconds before attempt `attempts + 1`: 5 s, 10 s, 20 s … at most an hour, with jitter so retries do not arrive in waves. */
export function retryDelaySeconds(attempts: number): number {
  const base = Math.min(5 * 2 ** (attempts - 1), 3_600);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

const BATCH = 50;

/**
 * Sends webhook deliveries beside the gateway: each pass queues the change
 * feed's new events for every webhook, then posts the due deliveries, each
 * signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`) with the webhook's secret. A 2xx is delivered;
 * anything else, a timeout or a refused address is retried with backoff.
 * At least once: a delivery taken by a gateway that dies is taken again once
 * its lease ends, so a receiver must dedupe on `webhook-id`.
 */
export function createWebhookDispatcher(db: Database, logger: Logger, options: WebhookDispatchOptions): PeriodicTask<number> {
  const agent = new Agent({ connect: { lookup: checkedLookup(options.production), timeout: options.timeoutMs }, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  const leaseSeconds = Math.ceil(options.timeoutMs / 1000) + 30;

  async function attempt(delivery: DueDelivery): Promise<AttemptOutcome> {
    const body = JSON.stringify({ type: delivery.topic, timestamp: delivery.occurredAt.toISOString(), data: delivery.payload });
    const sentAt = new Date();
    const signature = new Webhook(delivery.secret).sign(delivery.messageId, sentAt, body);
    const started = performance.now();
    const failed = (statusCode: number | null, error: string | null): AttemptOutcome => ({
      deliveryId: delivery.id,
      ok: false,
      statusCode,
      error,
      durationMs: Math.round(performance.now() - started),
      retryInSeconds: delivery.attempts >= options.maxAttempts ? null : retryDelaySeconds(delivery.attempts),
    });
    try {
      const response = await request(delivery.url, {
        method: 'POST',
        dispatcher: agent,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'inventory-webhooks/1',
          'webhook-id': delivery.messageId,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      await response.body.dump();
      if (response.statusCode >= 200 && response.statusCode < 300) {
        return { deliveryId: delivery.id, ok: true, statusCode: response.statusCode, error: null, durationMs: Math.round(performance.now() - started), retryInSeconds: null };
      }
      return failed(response.statusCode, `answered HTTP ${response.statusCode}`);
    } catch (error) {
      return failed(null, error instanceof Error ? error.message.slice(0, 500) : String(error));
    }
  }

  return new PeriodicTask({
    name: 'webhook deliveries',
    intervalMs: options.intervalMs,
    firstRun: 'immediately',
    logger,
    run: async () => {
      await queueDeliveries(db, BATCH);
      let sent = 0;
      for (;;) {
        const due = await takeDueDeliveries(db, BATCH, leaseSeconds);
        if (due.length === 0) return sent;
        const outcomes = await Promise.all(due.map(attempt));
        const { disabled } = await recordAttempts(db, outcomes, options.disableAfter);
        for (const webhookId of disabled) logger.warn('webhook disabled after repeated failed deliveries', { webhookId });
        sent += due.length;
        if (due.length < BATCH) return sent;
      }
    },
  });
}
