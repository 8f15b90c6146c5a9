import type { Queryable } from '@inventory/platform';

export interface WebhookRow {
  readonly id: string;
  readonly owner: string;
  readonly url: string;
  readonly topics: string[];
  readonly enabled: boolean;
  readonly disabledReason: string | null;
  readonly consecutiveFailures: number;
  readonly createdAt: Date;
}

const WEBHOOK_COLUMNS = `w.id::text AS id, w.owner, w.url, w.topics, w.enabled, w.disabled_reason AS "disabledReason",
  w.consecutive_failures AS "consecutiveFailures", w.created_at AS "createdAt"`;

/** Registers a webhook that receives the events from now on (those already in the feed are not sent). */
export async function insertWebhook(db: Queryable, owner: string, url: string, topics: readonly string[], secret: string): Promise<WebhookRow | null> {
  const [row] = await db.query<WebhookRow>(
    'insertWebhook',
    `INSERT INTO gateway.webhook AS w (owner, url, topics, secret, cursor_txid)
     VALUES ($1, $2, $3, $4, pg_snapshot_xmin(pg_current_snapshot()))
     ON CONFLICT (owner, url) DO NOTHING
     RETURNING ${WEBHOOK_COLUMNS}`,
    [owner, url, topics, secret],
  );
  return row ?? null;
}

export function listWebhooks(db: Queryable, owner: string): Promise<WebhookRow[]> {
  return db.query('listWebhooks', `SELECT ${WEBHOOK_COLUMNS} FROM gateway.webhook w WHERE w.owner = $1 ORDER BY w.id`, [owner]);
}

export async function deleteWebhook(db: Queryable, owner: string, id: string): Promise<boolean> {
  const rows = await db.query('deleteWebhook', `DELETE FROM gateway.webhook WHERE owner = $1 AND id = $2 RETURNING id`, [owner, id]);
  return rows.length > 0;
}

/** Enables a webhook again (after it was disabled for failing), forgetting its failures. */
export async function enableWebhook(db: Queryable, owner: string, id: string): Promise<WebhookRow | null> {
  const [row] = await db.query<WebhookRow>(
    'enableWebhook',
    `UPDATE gateway.webhook w SET enabled = true, disabled_reason = NULL, consecutive_failures = 0
     WHERE w.owner = $1 AND w.id = $2 RETURNING ${WEBHOOK_COLUMNS}`,
    [owner, id],
  );
  return row ?? null;
}

export interface DeliveryLogRow {
  readonly id: string;
  readonly messageId: string;
  readonly topic: string;
  readonly status: 'PENDING' | 'DELIVERED' | 'FAILED';
  readonly attempts: { attemptedAt: string; statusCode: number | null; error: string | null; durationMs: number }[];
  readonly nextAttemptAt: Date | null;
  readonly deliveredAt: Date | null;
  readonly createdAt: Date;
}

/** The newest deliveries of one of the owner's webhooks with every attempt, in one statement. */
export function listDeliveries(db: Queryable, owner: string, webhookId: string, limit: number): Promise<DeliveryLogRow[]> {
  return db.query(
    'listWebhookDeliveries',
    `SELECT d.id::text AS id, 'msg_' || d.change_id AS "messageId", c.topic, d.status,
            CASE WHEN d.status = 'PENDING' THEN d.next_attempt_at END AS "nextAttemptAt",
            d.delivered_at AS "deliveredAt", d.created_at AS "createdAt",
            coalesce((SELECT jsonb_agg(jsonb_build_object('attemptedAt', a.attempted_at, 'statusCode', a.status_code,
                                                          'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.id)
                      FROM gateway.webhook_attempt a WHERE a.delivery_id = d.id), '[]') AS attempts
     FROM gateway.webhook_delivery d
     JOIN gateway.webhook w ON w.id = d.webhook_id AND w.owner = $1
     JOIN outbox.change c ON c.id = d.change_id
     WHERE d.webhook_id = $2
     ORDER BY d.id DESC LIMIT $3`,
    [owner, webhookId, limit],
  );
}

/** Sends a delivery again now, whatever its state. False when the owner has no such delivery. */
export async function redeliver(db: Queryable, owner: string, webhookId: string, deliveryId: string): Promise<boolean> {
  const rows = await db.query(
    'redeliverWebhookDelivery',
    `UPDATE gateway.webhook_delivery d SET status = 'PENDING', delivered_at = NULL, next_attempt_at = now()
     FROM gateway.webhook w
     WHERE w.id = d.webhook_id AND w.owner = $1 AND d.webhook_id = $2 AND d.id = $3
     RETURNING d.id`,
    [owner, webhookId, deliveryId],
  );
  return rows.length > 0;
}

/**
 * Queues, for every enabled webhook, the feed events of its topics after its
 * position (those visible to every reader, as the feed shows them), and moves
 * its position past them, in one statement. Webhooks another gateway is
 * queueing for right now are skipped (SKIP LOCKED).
 */
export async function queueDeliveries(db: Queryable, perWebhook: number): Promise<number> {
  const [row] = await db.query<{ queued: number }>(
    'queueWebhookDeliveries',
    `WITH hooks AS (
       -- Only webhooks whose owner still holds a working key (revoked or expired keys receive nothing).
       SELECT w.id, w.topics, w.cursor_txid, w.cursor_id FROM gateway.webhook w
       WHERE w.enabled AND (w.owner NOT LIKE 'key:%' OR EXISTS (
         SELECT 1 FROM gateway.api_key k WHERE 'key:' || k.name = w.owner AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())))
       FOR UPDATE OF w SKIP LOCKED
     ), picked AS (
       SELECT h.id AS webhook_id, c.id AS change_id, c.txid
       FROM hooks h
       CROSS JOIN LATERAL (
         SELECT c.id, c.txid FROM outbox.change c
         WHERE c.topic = ANY(h.topics) AND (c.txid, c.id) > (h.cursor_txid, h.cursor_id)
           AND c.txid < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY c.txid, c.id LIMIT $1
       ) c
     ), queued AS (
       INSERT INTO gateway.webhook_delivery (webhook_id, change_id)
       SELECT webhook_id, change_id FROM picked
       ON CONFLICT (webhook_id, change_id) DO NOTHING
       RETURNING 1
     ), moved AS (
       UPDATE gateway.webhook w SET cursor_txid = last.txid, cursor_id = last.change_id
       FROM (SELECT DISTINCT ON (webhook_id) webhook_id, txid, change_id FROM picked ORDER BY webhook_id, txid DESC, change_id DESC) last
       WHERE w.id = last.webhook_id
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM queued)::int AS queued, (SELECT count(*) FROM moved)::int AS moved`,
    [perWebhook],
  );
  return row?.queued ?? 0;
}

export interface DueDelivery {
  readonly id: string;
  readonly webhookId: string;
  readonly url: string;
  readonly secret: string;
  readonly messageId: string;
  readonly topic: string;
  readonly payload: Record<string, unknown>;
  readonly occurredAt: Date;
  readonly attempts: number;
}

/**
 * Takes up to `limit` due deliveries for a lease of `leaseSeconds`: another
 * gateway takes them only if this one has not answered by then (it died).
 */
export function takeDueDeliveries(db: Queryable, limit: number, leaseSeconds: number): Promise<DueDelivery[]> {
  return db.query(
    'takeDueWebhookDeliveries',
    `WITH due AS (
       SELECT d.id FROM gateway.webhook_delivery d JOIN gateway.webhook w ON w.id = d.webhook_id AND w.enabled
       WHERE d.status = 'PENDING' AND d.next_attempt_at <= now() AND (w.owner NOT LIKE 'key:%' OR EXISTS (
         SELECT 1 FROM gateway.api_key k WHERE 'key:' || k.name = w.owner AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())))
       ORDER BY d.next_attempt_at, d.id LIMIT $1
       FOR UPDATE OF d SKIP LOCKED
     ), taken AS (
       UPDATE gateway.webhook_delivery d SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
       FROM due WHERE d.id = due.id
       RETURNING d.id, d.webhook_id, d.change_id, d.attempts
     )
     SELECT t.id::text AS id, t.webhook_id::text AS "webhookId", w.url, w.secret, 'msg_' || t.change_id AS "messageId",
            c.topic, c.payload, c.occurred_at AS "occurredAt", t.attempts
     FROM taken t JOIN gateway.webhook w ON w.id = t.webhook_id JOIN outbox.change c ON c.id = t.change_id`,
    [limit, leaseSeconds],
  );
}

export interface AttemptOutcome {
  readonly deliveryId: string;
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
  /** When failed: seconds until the next attempt, or null to give up. */
  readonly retryInSeconds: number | null;
}

/**
 * Records a batch of attempts in one statement: the attempt log, each
 * delivery's new state, and each webhook's run of failures, disabling one
 * that reached `disableAfter` (and saying so in the change feed).
 */
export async function recordAttempts(db: Queryable, outcomes: readonly AttemptOutcome[], disableAfter: number): Promise<{ disabled: string[] }> {
  if (outcomes.length === 0) return { disabled: [] };
  const [row] = await db.query<{ disabled: string[] }>(
    'recordWebhookAttempts',
    `WITH outcome AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS o("deliveryId" bigint, ok boolean, "statusCode" integer, error text,
                                                      "durationMs" integer, "retryInSeconds" integer)
     ), logged AS (
       -- A delivery whose webhook was deleted meanwhile has nothing left to log to.
       INSERT INTO gateway.webhook_attempt (delivery_id, status_code, error, duration_ms)
       SELECT o."deliveryId", o."statusCode", o.error, o."durationMs"
       FROM outcome o JOIN gateway.webhook_delivery d ON d.id = o."deliveryId" RETURNING 1
     ), settled AS (
       UPDATE gateway.webhook_delivery d
       SET status = CASE WHEN o.ok THEN 'DELIVERED' WHEN o."retryInSeconds" IS NULL THEN 'FAILED' ELSE 'PENDING' END,
           delivered_at = CASE WHEN o.ok THEN now() END,
           next_attempt_at = CASE WHEN o.ok OR o."retryInSeconds" IS NULL THEN d.next_attempt_at ELSE now() + make_interval(secs => o."retryInSeconds") END
       FROM outcome o WHERE d.id = o."deliveryId"
       RETURNING d.webhook_id, o.ok
     ), tally AS (
       -- Read before the update below: each webhook as it was, and this batch's results for it.
       SELECT s.webhook_id, bool_or(s.ok) AS any_ok, count(*) FILTER (WHERE NOT s.ok) AS failures,
              bool_and(w.enabled) AS was_enabled, max(w.consecutive_failures) AS failures_before
       FROM settled s JOIN gateway.webhook w ON w.id = s.webhook_id GROUP BY s.webhook_id
     ), counted AS (
       UPDATE gateway.webhook w
       SET consecutive_failures = CASE WHEN t.any_ok THEN 0 ELSE t.failures_before + t.failures END,
           enabled = w.enabled AND (t.any_ok OR t.failures_before + t.failures < $2),
           disabled_reason = CASE WHEN t.was_enabled AND NOT t.any_ok AND t.failures_before + t.failures >= $2
                                  THEN 'disabled after ' || (t.failures_before + t.failures) || ' failed deliveries in a row'
                                  ELSE w.disabled_reason END
       FROM tally t WHERE w.id = t.webhook_id
       RETURNING w.id, w.owner, w.url, w.disabled_reason,
                 (t.was_enabled AND NOT t.any_ok AND t.failures_before + t.failures >= $2) AS just_disabled
     ), announced AS (
       SELECT outbox.record_change('webhook.disabled', jsonb_build_object('webhookId', id::text, 'owner', owner, 'url', url, 'reason', disabled_reason))
       FROM counted WHERE just_disabled
     )
     SELECT coalesce((SELECT array_agg(id::text) FROM counted WHERE just_disabled), '{}') AS disabled,
            (SELECT count(*) FROM logged) AS logged, (SELECT count(*) FROM announced) AS announced`,
    [JSON.stringify(outcomes), disableAfter],
  );
  return { disabled: row?.disabled ?? [] };
}
