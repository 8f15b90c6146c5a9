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

/**
 * Reads, inside the caller's transaction, the events of `topic` that the
 * consumer of `schema` has not recorded in its inbox yet, oldest first;
 * with `key`, only those whose payload has `key.value` at `key.field`. A
 * command calls it (through `catchUp` in schema/events.ts) to apply facts
 * already published before it judges by its copy of them, so a rule never
 * reads a copy that is behind the producer's committed state.
 *
 * Caveat: it records nothing in the inbox, so the consumer applies the same
 * events again later; only handlers that keep the newest state (by a
 * version, such as the event id) may be caught up this way.
 */
export function readUnappliedEvents(
  tx: Queryable,
  schema: ConsumerSchema,
  topic: string,
  key: { readonly field: string; readonly value: string } | null = null,
): Promise<OutboxEvent[]> {
  if (!SCHEMAS.includes(schema)) throw new Error(`no inbox in schema ${schema}`);
  return tx.query<OutboxEvent>(
    'readUnappliedEvents',
    `SELECT e.id, e.topic, e.payload, e.producer, e.request_id AS "requestId", e.created_at AS "createdAt"
     FROM outbox.event e
     WHERE e.topic = $1 AND ($2::text IS NULL OR e.payload ->> $2 = $3)
       AND NOT EXISTS (SELECT 1 FROM ${schema}.inbox i WHERE i.event_id = e.id)
     ORDER BY e.id`,
    [topic, key?.field ?? null, key?.value ?? null],
  );
}

/** The request id an event's effects are audited under: the producer's, or one naming the event when it had none. */
export function requestIdOfEvent(event: Pick<OutboxEvent, 'id' | 'requestId'>): string {
  return event.requestId ?? `outbox-event:${event.id}`;
}

/** Events of `topic` whose payload's `field` is one of `values`: what a consumer learns about some entities. */
export interface EventSubjects {
  readonly topic: string;
  /** A top-level payload field, e.g. `partNumberId`. */
  readonly field: string;
  readonly values: readonly string[];
}

const PAYLOAD_FIELD = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * The ids of the events about these subjects, published so far, that the
 * consumer of `schema` has not applied yet, in one statement: what its
 * copies cannot show yet. Each subject's lookup is by its topic and the
 * payload field as text (index it with a partial expression index).
 */
export async function findUnappliedEvents(db: Queryable, schema: ConsumerSchema, subjects: readonly EventSubjects[]): Promise<string[]> {
  if (!SCHEMAS.includes(schema)) throw new Error(`no inbox in schema ${schema}`);
  const wanted = subjects.filter((subject) => subject.values.length > 0);
  if (wanted.length === 0) return [];
  const parts = wanted.map((subject, n) => {
    if (!PAYLOAD_FIELD.test(subject.field)) throw new Error(`not a payload field name: ${subject.field}`);
    return `SELECT e.id FROM outbox.event e WHERE e.topic = $${2 * n + 1} AND (e.payload ->> '${subject.field}') = ANY($${2 * n + 2}::text[])`;
  });
  const rows = await db.query<{ id: string }>(
    'findUnappliedEvents',
    `SELECT u.id::text AS id FROM (${parts.join(' UNION ')}) u
     WHERE NOT EXISTS (SELECT 1 FROM ${schema}.inbox i WHERE i.event_id = u.id)
     ORDER BY u.id`,
    wanted.flatMap((subject) => [subject.topic, [...subject.values]]),
  );
  return rows.map((row) => row.id);
}

/** What `EventCatchUp.catchUp` found: nothing was waiting, everything waiting is applied now, or the wait ran out. */
export type CatchUpOutcome = 'nothing-pending' | 'applied' | 'timed-out';

export interface EventCatchUpOptions {
  /** The consumer's schema, whose inbox says what it applied. */
  readonly schema: ConsumerSchema;
  /** This process's consumer of those events, asked to apply them now; null while it is not running (another replica's may). */
  readonly consumer: () => OutboxConsumer | null;
  /** The longest a caller waits. */
  readonly timeoutMs: number;
  /** How often to look again while another process applies the events. */
  readonly pollMs?: number;
}

/**
 * Read-your-writes across subgraphs. A subgraph that keeps copies of
 * another's facts learns them from events, so for a moment after the owner
 * commits a change the copy does not show it. `catchUp` closes that gap on
 * demand: it finds the events about the given subjects published so far
 * that the consumer has not applied, has this process's consumer apply
 * what is waiting now, and waits (at most `timeoutMs`) until the inbox
 * holds all of them, whichever process applied them. When nothing is
 * waiting it costs one statement and says so, which tells a caller that
 * its copy is as current as the owner's committed state: a copy still
 * missing then does not exist.
 */
export class EventCatchUp {
  readonly #options: EventCatchUpOptions;

  constructor(options: EventCatchUpOptions) {
    this.#options = options;
  }

  async catchUp(db: Queryable, subjects: readonly EventSubjects[]): Promise<CatchUpOutcome> {
    const { schema, consumer, timeoutMs, pollMs = 10 } = this.#options;
    const waiting = await findUnappliedEvents(db, schema, subjects);
    if (waiting.length === 0) return 'nothing-pending';
    const deadline = Date.now() + timeoutMs;
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(1, ms)));
    for (;;) {
      // A long backlog ahead of these events must not hold the caller past its deadline.
      const applying = consumer()?.drain().catch(() => 0);
      if (applying) await Promise.race([applying, pause(deadline - Date.now())]);
      const [row] = await db.query<{ applied: number }>(
        'countAppliedEvents',
        `SELECT count(*)::int AS applied FROM ${schema}.inbox WHERE event_id = ANY($1::bigint[])`,
        [waiting],
      );
      if (row!.applied === waiting.length) return 'applied';
      if (Date.now() >= deadline) return 'timed-out';
      await pause(Math.min(pollMs, deadline - Date.now()));
    }
  }
}
