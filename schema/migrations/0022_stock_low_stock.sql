-- The low-stock report without scanning every part number per request.
--
-- Under a location subtree: the subtree's balances are summed straight from
-- an index that carries the quantities (no heap visits per balance).
--
-- Everywhere: each part number's stock record keeps its total on hand and
-- reserved over every location, maintained by the database itself whenever a
-- balance changes, and a partial index holds exactly the part numbers that
-- are short. Listing and counting them reads only that index.

DROP INDEX stock.balance_location_idx;
CREATE INDEX balance_location_idx ON stock.balance (location_id, part_number_id) INCLUDE (on_hand, reserved);

ALTER TABLE stock.catalog_part_number
  ADD COLUMN total_on_hand  numeric(20, 6) NOT NULL DEFAULT 0,
  ADD COLUMN total_reserved numeric(20, 6) NOT NULL DEFAULT 0;

COMMENT ON COLUMN stock.catalog_part_number.total_on_hand IS 'Sum of stock.balance.on_hand over every location; kept by triggers.';
COMMENT ON COLUMN stock.catalog_part_number.total_reserved IS 'Sum of stock.balance.reserved over every location; kept by triggers.';

UPDATE stock.catalog_part_number p
SET total_on_hand = t.on_hand, total_reserved = t.reserved
FROM (SELECT part_number_id, sum(on_hand) AS on_hand, sum(reserved) AS reserved FROM stock.balance GROUP BY part_number_id) t
WHERE t.part_number_id = p.id;

-- A balance change moves its part number's totals by the same amount.
-- Postings lock the part's record before its balances and refuse a part
-- stock has no record of (lockBalances), so the record exists, and is not
-- being created, whenever a balance changes.
CREATE FUNCTION stock.balance_moves_part_totals() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.on_hand <> 0 OR NEW.reserved <> 0 THEN
      UPDATE stock.catalog_part_number
      SET total_on_hand = total_on_hand + NEW.on_hand, total_reserved = total_reserved + NEW.reserved
      WHERE id = NEW.part_number_id;
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    IF NEW.part_number_id <> OLD.part_number_id THEN
      RAISE EXCEPTION 'a balance never changes part number' USING ERRCODE = 'restrict_violation';
    END IF;
    IF NEW.on_hand <> OLD.on_hand OR NEW.reserved <> OLD.reserved THEN
      UPDATE stock.catalog_part_number
      SET total_on_hand = total_on_hand + (NEW.on_hand - OLD.on_hand), total_reserved = total_reserved + (NEW.reserved - OLD.reserved)
      WHERE id = NEW.part_number_id;
    END IF;
  ELSE
    UPDATE stock.catalog_part_number
    SET total_on_hand = total_on_hand - OLD.on_hand, total_reserved = total_reserved - OLD.reserved
    WHERE id = OLD.part_number_id;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER balance_moves_part_totals
  AFTER INSERT OR UPDATE OR DELETE ON stock.balance
  FOR EACH ROW EXECUTE FUNCTION stock.balance_moves_part_totals();

-- A part number's stock record can arrive after its balances (stock hears of
-- part numbers through catalog's events): it starts from what is there.
CREATE FUNCTION stock.part_totals_start_from_balances() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  SELECT coalesce(sum(on_hand), 0), coalesce(sum(reserved), 0) INTO NEW.total_on_hand, NEW.total_reserved
  FROM stock.balance WHERE part_number_id = NEW.id;
  RETURN NEW;
END;
$$;

CREATE TRIGGER part_totals_start_from_balances
  BEFORE INSERT ON stock.catalog_part_number
  FOR EACH ROW EXECUTE FUNCTION stock.part_totals_start_from_balances();

-- Exactly the part numbers short of stock everywhere (the predicate is the
-- one listLowStock and countLowStock use without a location).
CREATE INDEX catalog_part_number_short_idx ON stock.catalog_part_number (id)
  WHERE active AND total_on_hand - total_reserved < greatest(reorder_point, minimum_stock);
