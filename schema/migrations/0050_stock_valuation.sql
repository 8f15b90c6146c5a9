-- Stock valuation: a moving weighted average cost per part number, kept on
-- the part's stock record (locked by every posting of the part, so a
-- receipt sees the exact quantity on hand it averages with). Only receipts
-- (INBOUND) change it; every other movement carries it as its unit cost.
ALTER TABLE stock.catalog_part_number
  ADD COLUMN average_cost numeric(20, 6) NOT NULL DEFAULT 0,
  ADD CONSTRAINT catalog_part_number_average_cost_not_negative CHECK (average_cost >= 0);

COMMENT ON COLUMN stock.catalog_part_number.average_cost IS
  'Moving weighted average cost of one unit: set by each posted INBOUND receipt, carried by every other movement.';

-- Existing ledgers: the quantity-weighted average of the posted receipts with a cost.
UPDATE stock.catalog_part_number p
SET average_cost = r.cost
FROM (
  SELECT part_number_id, round(sum(quantity * unit_cost) / sum(quantity), 6) AS cost
  FROM stock.movement
  WHERE status = 'POSTED' AND type = 'INBOUND' AND unit_cost IS NOT NULL
  GROUP BY part_number_id
) r
WHERE r.part_number_id = p.id;
