import type { Database, Logger } from '@inventory/platform';
import { FEED_TOPICS, feedTopicsFor, isFeedTopic, type FeedTopic } from '@inventory/schema/feed';
import type { Request, RequestHandler, Response } from 'express';
import type { Refuse } from './http/graphql-error.ts';

/**
 * The public change feed (schema/events.md, "The change feed"): business
 * events read with a cursor, as JSON pages (`GET /feed`) or as Server-Sent
 * Events (`GET /feed/stream`).
 *
 * A cursor is the (transaction, id) of the last event read. Events are shown
 * only once every transaction older than theirs has ended, so one that
 * commits late still sorts after everything a reader has already seen.
 */

export interface FeedEvent {
  /** The cursor just after this event. */
  readonly id: string;
  readonly topic: FeedTopic;
  readonly occurredAt: string;
  readonly payload: Record<string, unknown>;
}

interface Position {
  readonly txid: string;
  readonly id: string;
}

const START: Position = { txid: '0', id: '0' };
/** The largest transaction id (xid8) and event id (bigint) a cursor can name. */
const MAX_UNSIGNED = 2n ** 64n - 1n;
const MAX_SIGNED = 2n ** 63n - 1n;
const CURSOR = /^(\d{1,20})\.(\d{1,19})$/;

export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.txid}.${position.id}`).toString('base64url');
}

/** The position a cursor names, or null when it is not one this feed gave out. */
export function decodeCursor(cursor: string): Position | null {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!match || BigInt(match[1]!) > MAX_UNSIGNED || BigInt(match[2]!) > MAX_SIGNED) return null;
  return { txid: match[1]!, id: match[2]! };
}

interface ChangeRow {
  readonly id: string;
  readonly txid: string;
  readonly topic: FeedTopic;
  readonly payload: Record<string, unknown>;
  readonly occurredAt: Date;
}

/** Up to `limit` events of `topics` after `after`, oldest first, in one statement. */
export async function readFeed(db: Database, topics: readonly FeedTopic[], after: Position, limit: number): Promise<FeedEvent[]> {
  const rows = await db.query<ChangeRow>(
    'readFeed',
    `SELECT c.id::text AS id, c.txid::text AS txid, c.topic, c.payload, c.occurred_at AS "occurredAt"
     FROM outbox.change c
     WHERE c.topic = ANY($1::text[])
       AND (c.txid, c.id) > ($2::text::xid8, $3::bigint)
       AND c.txid < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY c.txid, c.id
     LIMIT $4`,
    [topics, after.txid, after.id, limit],
  );
  return rows.map((row) => ({ id: encodeCursor(row), topic: row.topic, occurredAt: row.occurredAt.toISOString(), payload: row.payload }));
}

const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 100;

type FeedQuery = { ok: true; topics: FeedTopic[]; after: Position; limit: number } | { ok: false; status: number; code: string; message: string };

/**
 * Reads `topics`, `after` and `limit`, checked against what the caller's
 * role may read. A stream's `Last-Event-ID` wins over `after`: a client that
 * reconnects to the same address resumes where it stopped.
 */
function readFeedQuery(request: Request, lastEventId: string | undefined): FeedQuery {
  for (const name of ['topics', 'after', 'limit'] as const) {
    const value = request.query[name];
    if (value !== undefined && typeof value !== 'string') return { ok: false, status: 400, code: 'BAD_USER_INPUT', message: `"${name}" may be given once.` };
  }
  // A key bound to a list of registered operations runs those and nothing else.
  if (request.caller!.operations) return { ok: false, status: 403, code: 'FORBIDDEN', message: `This key may run only ${request.caller!.operations.join(', ')}.` };
  const allowed = feedTopicsFor(request.caller!.roles);
  const asked = typeof request.query.topics === 'string' && request.query.topics.trim() !== '' ? request.query.topics.split(',').map((topic) => topic.trim()) : null;
  const unknown = asked?.filter((topic) => !isFeedTopic(topic)) ?? [];
  if (unknown.length > 0) {
    return { ok: false, status: 400, code: 'BAD_USER_INPUT', message: `Unknown feed topic ${unknown.map((topic) => `"${topic}"`).join(', ')}; the topics are ${FEED_TOPICS.join(', ')}.` };
  }
  const denied = (asked ?? []).filter((topic) => !allowed.includes(topic as FeedTopic));
  if (denied.length > 0) return { ok: false, status: 403, code: 'FORBIDDEN', message: `Your role may not read ${denied.join(', ')}.` };
  const cursor = lastEventId || (typeof request.query.after === 'string' ? request.query.after : undefined);
  const after = cursor === undefined || cursor === '' ? START : decodeCursor(cursor);
  if (!after) return { ok: false, status: 400, code: 'BAD_USER_INPUT', message: '"after" is not a cursor this feed gave out; pass the "next" of the page before, or nothing to start at the beginning.' };
  const limitText = typeof request.query.limit === 'string' ? request.query.limit : String(DEFAULT_LIMIT);
  const limit = /^\d{1,4}$/.test(limitText) ? Number(limitText) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) return { ok: false, status: 400, code: 'BAD_USER_INPUT', message: `"limit" must be an integer from 1 to ${MAX_LIMIT}.` };
  return { ok: true, topics: (asked as FeedTopic[] | null) ?? allowed, after, limit };
}

/** `GET /feed`: one page of events after a cursor, and the cursor to read on from. */
export function feedPage(db: Database, refuse: Refuse): RequestHandler {
  return async (request, response, next) => {
    try {
      const query = readFeedQuery(request, undefined);
      if (!query.ok) return refuse(response, query.status, query.code, query.message);
      const events = await readFeed(db, query.topics, query.after, query.limit);
      response.json({ events, next: events.at(-1)?.id ?? encodeCursor(query.after) });
    } catch (error) {
      next(error);
    }
  };
}

export interface FeedStreamOptions {
  /** How often an open stream looks for new events. */
  readonly pollMs: number;
  /** How often an idle stream sends a comment, so proxies keep it open. */
  readonly heartbeatMs: number;
  /** Open streams one caller may hold; past it, 429. */
  readonly perCaller: number;
  /** Open streams this gateway holds in all; past it, 503 `OVERLOADED` (each one polls the database). */
  readonly total: number;
  /**
   * The longest a stream stays open; the client then reconnects from its
   * last event id and is authenticated again, so a revoked or expired key
   * stops receiving within this time (or when its key expires, if sooner).
   */
  readonly maxLifetimeMs: number;
}

export interface FeedStreams {
  readonly handler: RequestHandler;
  /** Ends every open stream (on shutdown); clients reconnect elsewhere from their last event id. */
  closeAll(): void;
}

/**
 * `GET /feed/stream`: the feed as Server-Sent Events, each event's `id` its
 * cursor, resumed from `Last-Event-ID` (or `after`). It reads on while the
 * client stays connected.
 */
export function feedStreams(db: Database, refuse: Refuse, logger: Logger, options: FeedStreamOptions): FeedStreams {
  /** Each open stream and how to end it. */
  const open = new Map<Response, () => void>();
  const perCaller = new Map<string, number>();
  const handler: RequestHandler = async (request, response) => {
    const query = readFeedQuery(request, request.get('last-event-id'));
    if (!query.ok) return refuse(response, query.status, query.code, query.message);
    if (open.size >= options.total) {
      return refuse(response, 503, 'OVERLOADED', 'This gateway follows as many feed streams as it can; retry shortly (another replica may have room).', { 'retry-after': '5' });
    }
    const caller = request.caller!.subject;
    const held = perCaller.get(caller) ?? 0;
    if (held >= options.perCaller) {
      return refuse(response, 429, 'RATE_LIMITED', `At most ${options.perCaller} open feed streams per caller; close one first.`, { 'retry-after': '5' });
    }
    perCaller.set(caller, held + 1);
    let connected = true;
    const end = () => {
      if (!connected) return;
      connected = false;
      response.end();
    };
    open.set(response, end);
    // A client gone mid-write is no reason to take the process down.
    response.on('error', () => (connected = false));
    const expiresAt = request.caller!.expiresAt?.getTime() ?? Infinity;
    const lifetime = setTimeout(end, Math.max(0, Math.min(options.maxLifetimeMs, expiresAt - Date.now())));
    response.on('close', () => {
      clearTimeout(lifetime);
      connected = false;
      open.delete(response);
      const left = (perCaller.get(caller) ?? 1) - 1;
      if (left > 0) perCaller.set(caller, left);
      else perCaller.delete(caller);
    });
    response.status(200).set({ 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
    response.flushHeaders();
    let position = query.after;
    let lastWrite = Date.now();
    /** Writes a chunk and, when the client reads slower than the feed comes, waits until it has taken it in. */
    const send = async (chunk: string) => {
      if (!connected || response.write(chunk)) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          response.off('drain', done);
          response.off('close', done);
          resolve();
        };
        response.on('drain', done);
        response.on('close', done);
      });
    };
    try {
      await send(`retry: ${Math.max(1_000, options.pollMs)}\n\n`);
      while (connected) {
        const events = await readFeed(db, query.topics, position, query.limit);
        for (const event of events) {
          if (!connected) break;
          await send(`id: ${event.id}\nevent: ${event.topic}\ndata: ${JSON.stringify({ occurredAt: event.occurredAt, payload: event.payload })}\n\n`);
          position = decodeCursor(event.id)!;
          lastWrite = Date.now();
        }
        if (events.length === query.limit) continue;
        if (Date.now() - lastWrite >= options.heartbeatMs) {
          await send(': still here\n\n');
          lastWrite = Date.now();
        }
        await new Promise((resolve) => setTimeout(resolve, options.pollMs));
      }
    } catch (error) {
      // The stream is under way: end it; the client resumes from its last event id.
      logger.warn('feed stream ended early', { error: error instanceof Error ? error.message : String(error), requestId: request.requestId });
      end();
    }
  };
  return {
    handler,
    closeAll() {
      for (const end of open.values()) end();
    },
  };
}
