import pg from 'pg';
import { send } from './load.ts';

/** Reads the database directly, as an auditor would, after (or between) faults. */
export class DatabaseChecks {
  // A pool, so a connection ended by a database restart is replaced by a new one at the next check.
  readonly #client: pg.Pool;

  private constructor(client: pg.Pool) {
    this.#client = client;
  }

  static async connect(databaseUrl: string): Promise<DatabaseChecks> {
    const pool = new pg.Pool({ connectionString: databaseUrl, application_name: 'fault-suite-checks', max: 2 });
    // An idle connection ended by a database restart: the pool drops it; nothing else to do.
    pool.on('error', () => undefined);
    await pool.query('SELECT 1');
    return new DatabaseChecks(pool);
  }

  async close(): Promise<void> {
    await this.#client.end().catch(() => undefined);
  }

  /**
   * Balances the posted ledger does not explain, over the whole database: on
   * hand against posted movements in and out, reserved against posted
   * reservations and releases and against the active reservations.
   */
  async ledgerDisagreements(): Promise<number> {
    const { rows } = await this.#client.query<{ count: string }>(`
      WITH deltas AS (
        SELECT part_number_id, to_location_id AS location_id, quantity AS on_hand, 0 AS reserved
        FROM stock.movement WHERE status = 'POSTED' AND to_location_id IS NOT NULL
        UNION ALL
        SELECT part_number_id, from_location_id, -quantity, 0
        FROM stock.movement WHERE status = 'POSTED' AND from_location_id IS NOT NULL
        UNION ALL
        SELECT m.part_number_id, r.location_id, 0, CASE WHEN m.type = 'RESERVATION' THEN m.quantity ELSE -m.quantity END
        FROM stock.movement m JOIN stock.reservation r ON r.id = m.reservation_id
        WHERE m.status = 'POSTED' AND m.type IN ('RESERVATION', 'RELEASE')
      ), ledger AS (
        SELECT part_number_id, location_id, sum(on_hand) AS on_hand, sum(reserved) AS reserved FROM deltas GROUP BY 1, 2
      ), active AS (
        SELECT part_number_id, location_id, sum(quantity) AS reserved FROM stock.reservation WHERE status = 'ACTIVE' GROUP BY 1, 2
      )
      SELECT count(*) FROM ledger l
      FULL JOIN stock.balance b USING (part_number_id, location_id)
      LEFT JOIN active a USING (part_number_id, location_id)
      WHERE coalesce(l.on_hand, 0) <> coalesce(b.on_hand, 0)
         OR coalesce(l.reserved, 0) <> coalesce(b.reserved, 0)
         OR coalesce(a.reserved, 0) <> coalesce(b.reserved, 0)`);
    return Number(rows[0]!.count);
  }

  /** Balances below zero, on hand or available (the constraints forbid them; this proves it). */
  async negativeBalances(): Promise<number> {
    const { rows } = await this.#client.query<{ count: string }>(
      `SELECT count(*) FROM stock.balance WHERE on_hand < 0 OR on_hand - reserved < 0`,
    );
    return Number(rows[0]!.count);
  }

  /** The movements stored under idempotency keys containing `tag`, by key. */
  async movementsByKey(tag: string): Promise<Map<string, string[]>> {
    const { rows } = await this.#client.query<{ key: string; id: string }>(
      `SELECT idempotency_key AS key, id::text FROM stock.movement WHERE idempotency_key LIKE '%' || $1 || '%'`,
      [tag],
    );
    const byKey = new Map<string, string[]>();
    for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row.id]);
    return byKey;
  }

  /** Movements that got more than one approval request (an event applied twice). */
  async duplicateApprovalRequests(): Promise<number> {
    const { rows } = await this.#client.query<{ count: string }>(
      `SELECT count(*) FROM (SELECT movement_id FROM approvals.approval_request WHERE movement_id IS NOT NULL GROUP BY movement_id HAVING count(*) > 1) d`,
    );
    return Number(rows[0]!.count);
  }

  /** Milliseconds from now until `sql` (with `values`) returns a row, or null after `timeoutMs`. */
  async waitForRow(sql: string, values: unknown[], timeoutMs: number): Promise<number | null> {
    const started = performance.now();
    while (performance.now() - started < timeoutMs) {
      const { rowCount } = await this.#client.query(sql, values);
      if (rowCount) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return null;
  }
}

const CREATE_PART = `mutation ($input: CreatePartNumberInput!) { createPartNumber(input: $input) { partNumber { id } userErrors { code message } } }`;
const RECORD_MOVEMENT = `mutation ($input: RecordMovementInput!) { recordMovement(input: $input) { movement { id status } userErrors { code message field } } }`;

/** Where the suite's writes go: a bulk part and two of its locations. */
export interface WriteTarget {
  readonly partNumberId: string;
  readonly from: string;
  readonly to: string;
}

/**
 * How long events take between subgraphs now, in ms, through each consumer's
 * listener: catalog → stock (a new part number reaches stock's copy) and
 * stock → approvals (an adjustment opens an approval request). The slower
 * of the two; null when one did not arrive within `timeoutMs`. While a
 * listener is down, events arrive only by polling, seconds late.
 */
export async function eventLatency(gatewayUrl: string, checks: DatabaseChecks, target: WriteTarget, tag: string, timeoutMs = 10_000): Promise<number | null> {
  const part = await send(gatewayUrl, 'dev-operator', CREATE_PART, { input: { code: `${tag}-PROBE`.toUpperCase().replace(/[^A-Z0-9._/-]/g, '-'), description: 'Fault suite event probe' } }, 'createPartNumber');
  const partId = (part.body?.data?.createPartNumber as { partNumber?: { id: string } } | undefined)?.partNumber?.id;
  const adjustment = await send(
    gatewayUrl,
    'dev-operator',
    RECORD_MOVEMENT,
    { input: { idempotencyKey: `${tag}-probe`, type: 'ADJUSTMENT', partNumberId: target.partNumberId, quantity: '1', toLocationId: target.to, reason: 'Fault suite event probe' } },
    'recordMovement',
  );
  const movementId = (adjustment.body?.data?.recordMovement as { movement?: { id: string } } | undefined)?.movement?.id;
  if (!partId || !movementId) throw new Error(`the event probe's writes failed: ${JSON.stringify([part.body, adjustment.body])}`);
  const [toStock, toApprovals] = await Promise.all([
    checks.waitForRow(`SELECT 1 FROM stock.catalog_part_number WHERE id = $1`, [partId], timeoutMs),
    checks.waitForRow(`SELECT 1 FROM approvals.approval_request WHERE movement_id = $1`, [movementId], timeoutMs),
  ]);
  return toStock === null || toApprovals === null ? null : Math.max(toStock, toApprovals);
}
