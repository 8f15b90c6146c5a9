-- The public change feed: the business events partners and browsers read
-- with a cursor (see schema/events.md, "The change feed"). Each row is
-- written by a trigger in the transaction of the change itself, so no write
-- path can forget one and none exists for a change that rolled back.
--
-- A sequence is not commit order: a transaction can take id 10 and commit
-- after another took id 11. So each row also records its transaction
-- (`txid`), and readers see only rows of transactions older than every one
-- still running (pg_snapshot_xmin). A row not yet visible then always sorts
-- after every row already read, by (txid, id), and a reader that stores its
-- last (txid, id) never misses one nor sees one twice.
CREATE TABLE outbox.change (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  txid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
  topic        text NOT NULL,
  payload      jsonb NOT NULL,
  occurred_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_order_idx ON outbox.change (txid, id);
CREATE INDEX change_topic_order_idx ON outbox.change (topic, txid, id);

CREATE FUNCTION outbox.record_change(topic text, payload jsonb) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO outbox.change (topic, payload) VALUES (topic, jsonb_strip_nulls(payload));
$$;

-- Decimals in their shortest exact form, as the API writes them.
CREATE FUNCTION outbox.decimal_text(value numeric) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT trim_scale(value)::text $$;

-- movement.posted / movement.rejected
CREATE FUNCTION stock.record_movement_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'POSTED' AND (TG_OP = 'INSERT' OR OLD.status <> 'POSTED') THEN
    PERFORM outbox.record_change('movement.posted', jsonb_build_object(
      'movementId', NEW.id::text, 'type', NEW.type, 'partNumberId', NEW.part_number_id::text,
      'assetId', NEW.asset_id::text, 'quantity', outbox.decimal_text(NEW.quantity),
      'fromLocationId', NEW.from_location_id::text, 'toLocationId', NEW.to_location_id::text,
      'documentRef', NEW.document_ref, 'postedAt', to_char(NEW.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')));
  ELSIF TG_OP = 'UPDATE' AND NEW.status = 'REJECTED' AND OLD.status <> 'REJECTED' THEN
    PERFORM outbox.record_change('movement.rejected', jsonb_build_object(
      'movementId', NEW.id::text, 'type', NEW.type, 'partNumberId', NEW.part_number_id::text,
      'assetId', NEW.asset_id::text, 'quantity', outbox.decimal_text(NEW.quantity),
      'fromLocationId', NEW.from_location_id::text, 'toLocationId', NEW.to_location_id::text,
      'documentRef', NEW.document_ref));
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER movement_change AFTER INSERT OR UPDATE OF status ON stock.movement
  FOR EACH ROW EXECUTE FUNCTION stock.record_movement_change();

-- reservation.expired
CREATE FUNCTION stock.record_reservation_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'EXPIRED' AND OLD.status <> 'EXPIRED' THEN
    PERFORM outbox.record_change('reservation.expired', jsonb_build_object(
      'reservationId', NEW.id::text, 'partNumberId', NEW.part_number_id::text, 'locationId', NEW.location_id::text,
      'quantity', outbox.decimal_text(NEW.quantity), 'project', NEW.project,
      'expiresAt', to_char(NEW.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')));
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER reservation_change AFTER UPDATE OF status ON stock.reservation
  FOR EACH ROW EXECUTE FUNCTION stock.record_reservation_change();

-- stock.below_reorder_point: when a part number becomes short everywhere
-- (the predicate lowStock uses), not again while it stays short.
CREATE FUNCTION stock.record_short_stock_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  was_short boolean := OLD.active AND OLD.total_on_hand - OLD.total_reserved < greatest(OLD.reorder_point, OLD.minimum_stock);
  is_short  boolean := NEW.active AND NEW.total_on_hand - NEW.total_reserved < greatest(NEW.reorder_point, NEW.minimum_stock);
BEGIN
  IF is_short AND NOT was_short THEN
    PERFORM outbox.record_change('stock.below_reorder_point', jsonb_build_object(
      'partNumberId', NEW.id::text, 'code', NEW.code,
      'available', outbox.decimal_text(NEW.total_on_hand - NEW.total_reserved),
      'reorderPoint', outbox.decimal_text(NEW.reorder_point), 'minimumStock', outbox.decimal_text(NEW.minimum_stock)));
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER short_stock_change AFTER UPDATE ON stock.catalog_part_number
  FOR EACH ROW EXECUTE FUNCTION stock.record_short_stock_change();

-- asset.status_changed
CREATE FUNCTION catalog.record_asset_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    PERFORM outbox.record_change('asset.status_changed', jsonb_build_object(
      'assetId', NEW.id::text, 'serialNumber', NEW.serial_number, 'partNumberId', NEW.part_number_id::text,
      'from', OLD.status, 'to', NEW.status));
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER asset_change AFTER UPDATE OF status ON catalog.asset
  FOR EACH ROW EXECUTE FUNCTION catalog.record_asset_change();

-- approval.requested / approval.decided
CREATE FUNCTION approvals.record_request_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM outbox.record_change('approval.requested', jsonb_build_object(
      'requestId', NEW.id::text, 'kind', NEW.kind, 'title', NEW.title, 'movementId', NEW.movement_id::text,
      'assetId', NEW.asset_id::text, 'action', NEW.action, 'value', outbox.decimal_text(NEW.value),
      'requestedBy', NEW.requested_by));
  ELSIF NEW.status IN ('APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED') AND OLD.status IN ('PENDING', 'ESCALATED') THEN
    PERFORM outbox.record_change('approval.decided', jsonb_build_object(
      'requestId', NEW.id::text, 'kind', NEW.kind, 'status', NEW.status, 'movementId', NEW.movement_id::text,
      'assetId', NEW.asset_id::text, 'action', NEW.action,
      'decidedAt', to_char(NEW.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')));
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER request_change AFTER INSERT OR UPDATE OF status ON approvals.approval_request
  FOR EACH ROW EXECUTE FUNCTION approvals.record_request_change();
