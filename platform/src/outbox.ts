import pg from 'pg';
import type { Database, Queryable } from './database.ts';
import type { Logger } from './logger.ts';
import { PeriodicTask } from './periodic-task.ts';

/**
 * The transactional outbox shared by every subgraph (schema `outbox`).
 *
 * A producer calls `publishEvent` with the transaction that makes its
 * change, so the event exists if and only if the change committed. A
 * consumer (`OutboxConsumer`) applies each event in its own transaction and
 * records the event id in its own schema's `inbox` table in that same
 * transaction: an event is applied exactly once per consumer even though it
 * may be delivered many times (a crash, two replicas, a retry).
 */
export interface OutboxEvent<Payload = unknown> {
  readonly id: string;
  readonly topic: string;
  readonly payload: Payload;
  readonly producer: string;
  readonly requestId: string | null;
  readonly createdAt: Date;
}

export const OUTBOX_CHANNEL = 'outbox';

/** Records an event in the caller's transaction; consumers are woken when it commits. */
export async function publishEvent(
  tx: Queryable,
  event: { topic: string; payload: unknown; producer: string; requestId?: string | null },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    'publishEvent',
    `INSERT INTO outbox.event (topic, payload, producer, request_id) VALUES ($1, $2::jsonb, $3, $4) RETURNING id`,
    [event.topic, JSON.stringify(event.payload), event.producer, event.requestId ?? null],
  );
  // NOTIFY is transactional: delivered at commit, dropped on rollback.
  await tx.query('notifyOutbox', 'SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, event.topic]);
  return row!.id;
}

export type ConsumerSchema = 'catalog' | 'stock' | 'cmdb' | 'approvals';

export interface OutboxConsumerOptions {
  readonly db: Database;
  /** The consumer's own schema; its `inbox` table records what it has applied. */
  readonly schema: ConsumerSchema;
  readonly topics: readonly string[];
  /** Applies one event inside `tx`. Throwing rolls back and leaves the event for a later attempt. */
  readonly handle: (tx: Queryable, event: OutboxEvent) => Promise<void>;
  readonly logger: Logger;
  /** How often to look for events when no notification arrives (a missed NOTIFY, a restart). */
  readonly pollIntervalMs?: number;
  readonly batchSize?: number;
  /** The listening connection's `application_name`; `<schema>-outbox-listener` by default. */
  readonly listenerName?: string;
}

const SCHEMAS: readonly ConsumerSchema[] = ['catalog', 'stock', 'cmdb', 'approvals'];

/** Backoff between attempts to listen again: short, so a database back after a restart is heard from within a second. */
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 1_000;

/**
 * Applies outbox events of some topics to one consumer schema. Safe to run
 * in several processes at once: a per-event advisory lock avoids duplicate
 * work and the inbox primary key makes a duplicate application impossible.
 */
export class OutboxConsumer {
  readonly #options: OutboxConsumerOptions;
  readonly #task: PeriodicTask<number>;
  #listener: pg.Client | null = null;
  #connectionString = '';
  #stopping = false;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #reconnectDelayMs = RECONNECT_MIN_MS;

  constructor(options: OutboxConsumerOptions) {
    if (!SCHEMAS.includes(options.schema)) throw new Error(`no inbox in schema ${options.schema}`);
    this.#options = options;
    this.#task = new PeriodicTask({
      name: `${options.schema} outbox consumer`,
      intervalMs: options.pollIntervalMs ?? 5_000,
      // Events may have waited while no consumer ran.
      firstRun: 'immediately',
      run: () => this.#drainAll(),
      logger: options.logger,
    });
  }

  /**
   * Listens for new events (on a connection of its own), polls as a fallback,
   * and applies what is already waiting. A lost listening connection is
   * opened again with backoff (events keep arriving by polling meanwhile,
   * and a pass runs once it is back); `healthy()` says whether it is up.
   */
  async start(connectionString: string = this.#options.db.connectionString): Promise<void> {
    this.#connectionString = connectionString;
    this.#stopping = false;
    await this.#listen();
    this.#task.start();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    await this.#task.stop();
    await this.#listener?.end().catch(() => undefined);
    this.#listener = null;
  }

  /** Whether the listening connection is up; while it is not, events arrive only by polling, seconds late. */
  healthy(): boolean {
    return this.#listener !== null;
  }

  /** Names the consumer in readiness reports. */
  get name(): string {
    return `${this.#options.schema}-event-listener`;
  }

  async #listen(): Promise<void> {
    const listener = new pg.Client({ connectionString: this.#connectionString, application_name: this.#options.listenerName ?? `${this.#options.schema}-outbox-listener` });
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (this.#listener === listener) this.#listener = null;
      listener.end().catch(() => undefined);
      if (this.#stopping) return;
      this.#options.logger.warn('outbox listener lost its connection; reconnecting', { error, schema: this.#options.schema });
      this.#scheduleReconnect();
    };
    listener.on('error', onLost);
    listener.on('end', () => onLost());
    listener.on('notification', (message) => {
      if (message.payload && this.#options.topics.includes(message.payload)) this.#task.trigger();
    });
    try {
      await listener.connect();
      await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      lost = true;
      await listener.end().catch(() => undefined);
      throw error;
    }
    this.#listener = listener;
    this.#reconnectDelayMs = RECONNECT_MIN_MS;
  }

  #scheduleReconnect(): void {
    if (this.#stopping || this.#reconnectTimer) return;
    const delay = this.#reconnectDelayMs;
    this.#reconnectDelayMs = Math.min(this.#reconnectDelayMs * 2, RECONNECT_MAX_MS);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      this.#listen().then(
        () => {
          this.#options.logger.info('outbox listener reconnected', { schema: this.#options.schema });
          // Notifications sent while it was away are lost: look now.
          this.#task.trigger();
        },
        () => this.#scheduleReconnect(),
      );
    }, delay);
    this.#reconnectTimer.unref();
  }

  /**
   * Applies every event waiting now, one transaction each, and resolves with
   * how many the pass applied. A call during a pass waits for one more pass
   * after it, so an event published before the call is always seen.
   */
  drain(): Promise<number> {
    return this.#task.runNow();
  }

  async #drainAll(): Promise<number> {
    let applied = 0;
    // Events that failed in this pass wait for the next one instead of being retried in a tight loop.
    const failed = new Set<string>();
    for (;;) {
      const pending = (await this.#pending(failed.size)).filter((id) => !failed.has(id));
      if (pending.length === 0) break;
      let progressed = false;
      for (const id of pending) {
        if (this.#task.stopped) return applied;
        const outcome = await this.#applyOne(id);
        if (outcome === 'applied') applied++;
        if (outcome === 'failed') failed.add(id);
        else if (outcome !== 'busy') progressed = true;
      }
      // Everything left is failing or being applied by another process right now.
      if (!progressed) break;
    }
    return applied;
  }

  async #pending(skipped: number): Promise<string[]> {
    const { db, schema, topics, batchSize = 50 } = this.#options;
    const rows = await db.query<{ id: string }>(
      'findPendingOutboxEvents',
      `SELECT e.id FROM outbox.event e
       WHERE e.topic = ANY($1::text[])
         AND NOT EXISTS (SELECT 1 FROM ${schema}.inbox i WHERE i.event_id = e.id)
       ORDER BY e.id
       LIMIT $2`,
      [topics, batchSize + skipped],
    );
    return rows.map((row) => row.id);
  }

  async #applyOne(id: string): Promise<'applied' | 'done' | 'busy' | 'failed'> {
    const { db, schema, handle, logger } = this.#options;
    try {
      return await db.transaction(async (tx) => {
        const [lock] = await tx.query<{ locked: boolean }>(
          'lockOutboxEvent',
          `SELECT pg_try_advisory_xact_lock(hashtextextended($1 || ':' || $2::text, 0)) AS locked`,
          [schema, id],
        );
        if (!lock?.locked) return 'busy';
        const [event] = await tx.query<OutboxEvent>(
          'readOutboxEvent',
          `SELECT e.id, e.topic, e.payload, e.producer, e.request_id AS "requestId", e.created_at AS "createdAt"
           FROM outbox.event e
           WHERE e.id = $1 AND NOT EXISTS (SELECT 1 FROM ${schema}.inbox i WHERE i.event_id = e.id)`,
          [id],
        );
        if (!event) return 'done';
        await handle(tx, event);
        await tx.query('recordInbox', `INSERT INTO ${schema}.inbox (event_id, topic) VALUES ($1, $2)`, [event.id, event.topic]);
        return 'applied';
      });
    } catch (error) {
      logger.error('outbox event failed; it will be retried', { error, schema, eventId: id });
      return 'failed';
    }
  }
}

/** The request id an event's effects are audited under: the producer's, or one naming the event when it had none. */
export function requestIdOfEvent(event: Pick<OutboxEvent, 'id' | 'requestId'>): string {
  return event.requestId ?? `outbox-event:${event.id}`;
}
