import type { Queryable } from '@inventory/platform';

/**
 * Records whether a part number holds stock, as of outbox event `eventId`
 * (`stock.part_number.holding_changed`); an older event than the one
 * already recorded changes nothing, so events may repeat or be caught up
 * out of turn.
 */
export async function saveHolding(tx: Queryable, partNumberId: string, holdsStock: boolean, eventId: string): Promise<void> {
  await tx.query(
    'saveHolding',
    `INSERT INTO catalog.part_number_holding AS h (part_number_id, holds_stock, event_id)
     SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM catalog.part_number p WHERE p.id = $1)
     ON CONFLICT (part_number_id) DO UPDATE SET holds_stock = excluded.holds_stock, event_id = excluded.event_id
     WHERE h.event_id < excluded.event_id`,
    [partNumberId, holdsStock, eventId],
  );
}

/** Whether stock last said the part number holds stock (false when it never said so). */
export async function partNumberHoldsStock(db: Queryable, partNumberId: string): Promise<boolean> {
  const [row] = await db.query<{ holdsStock: boolean }>(
    'partNumberHoldsStock',
    `SELECT h.holds_stock AS "holdsStock" FROM catalog.part_number_holding h WHERE h.part_number_id = $1`,
    [partNumberId],
  );
  return row?.holdsStock ?? false;
}
