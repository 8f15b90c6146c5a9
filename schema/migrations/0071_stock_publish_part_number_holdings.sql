-- Stock tells catalog when a part number starts or stops holding stock, so
-- catalog can refuse to make a stocked bulk part serialized (its units
-- would be stock no asset stands for) without reading stock's tables.
--
-- The database publishes it: whenever a part's total on hand (kept by
-- balance_moves_part_totals) crosses zero, in either direction, the same
-- transaction writes `stock.part_number.holding_changed` to the outbox.
-- Every path that changes a balance meets it, whatever code ran. Postings
-- lock the part's stock record first, so two crossings of one part are
-- published in the order they committed.
CREATE FUNCTION stock.publish_part_number_holding() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO outbox.event (topic, payload, producer)
  VALUES ('stock.part_number.holding_changed',
          jsonb_build_object('partNumberId', NEW.id::text, 'holdsStock', NEW.total_on_hand > 0),
          'stock');
  PERFORM pg_notify('outbox', 'stock.part_number.holding_changed');
  RETURN NULL;
END;
$$;

CREATE TRIGGER part_number_holding_changed
  AFTER UPDATE OF total_on_hand ON stock.catalog_part_number
  FOR EACH ROW WHEN ((OLD.total_on_hand > 0) IS DISTINCT FROM (NEW.total_on_hand > 0))
  EXECUTE FUNCTION stock.publish_part_number_holding();

-- A part's stock record can arrive after its balances and start from them.
CREATE TRIGGER part_number_holding_started
  AFTER INSERT ON stock.catalog_part_number
  FOR EACH ROW WHEN (NEW.total_on_hand > 0)
  EXECUTE FUNCTION stock.publish_part_number_holding();

-- What already holds stock, told once.
INSERT INTO outbox.event (topic, payload, producer)
SELECT 'stock.part_number.holding_changed', jsonb_build_object('partNumberId', p.id::text, 'holdsStock', true), 'stock'
FROM stock.catalog_part_number p
WHERE p.total_on_hand > 0
ORDER BY p.id;

-- Catalog catches up on one part's events before judging it.
CREATE INDEX event_part_number_holding_idx ON outbox.event ((payload ->> 'partNumberId'), id)
  WHERE topic = 'stock.part_number.holding_changed';

-- Catalog's copy: whether each part number holds stock, as of the newest
-- event applied (`event_id`; events are applied newest-wins).
CREATE TABLE catalog.part_number_holding (
  part_number_id  bigint PRIMARY KEY REFERENCES catalog.part_number (id),
  holds_stock     boolean NOT NULL,
  event_id        bigint NOT NULL
);
