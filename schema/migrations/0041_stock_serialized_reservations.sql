-- Serialized stock is counted in assets. A reservation of a serialized part
-- holds one named asset; while it is active the asset stays where it is
-- reserved, and no other reservation holds it. And whatever happens, a
-- serialized part's on-hand balance at a location equals the number of its
-- assets stock places there. The checks run at commit (deferred constraint
-- triggers), on the rows as they are then, so a transaction may pass through
-- intermediate states (a fulfilment releases its reservation, moves the
-- asset out, then closes the reservation) but can never commit a wrong one.

ALTER TABLE stock.reservation
  ADD COLUMN asset_id bigint REFERENCES catalog.asset (id),
  ADD CONSTRAINT reservation_asset_is_one CHECK (asset_id IS NULL OR quantity = 1);

COMMENT ON COLUMN stock.reservation.asset_id IS 'The serialized unit held, for reservations of serialized parts.';

-- An asset is held by at most one active reservation.
CREATE UNIQUE INDEX reservation_asset_held_key ON stock.reservation (asset_id) WHERE status = 'ACTIVE' AND asset_id IS NOT NULL;

-- The number of assets of a part stock places at a location: each position
-- names the movement that put the asset there, which names the part (read
-- through asset_position_location_idx and the movement's primary key).
CREATE FUNCTION stock.assets_at(part bigint, place bigint) RETURNS bigint
LANGUAGE sql STABLE AS $$
  SELECT count(*) FROM stock.asset_position p JOIN stock.movement m ON m.id = p.movement_id
  WHERE p.location_id = place AND m.part_number_id = part
$$;

-- Refuses (check_violation, named by the rule) a serialized part whose
-- balance at a location differs from the number of its assets there.
CREATE FUNCTION stock.check_serialized_balance(part bigint, place bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  held numeric;
  units bigint;
BEGIN
  IF place IS NULL OR NOT EXISTS (SELECT 1 FROM stock.catalog_part_number p WHERE p.id = part AND p.serialized) THEN
    RETURN;
  END IF;
  SELECT coalesce((SELECT b.on_hand FROM stock.balance b WHERE b.part_number_id = part AND b.location_id = place), 0) INTO held;
  units := stock.assets_at(part, place);
  IF held <> units THEN
    RAISE EXCEPTION 'serialized part % has % on hand at location % but % assets there', part, held, place, units
      USING ERRCODE = 'check_violation', CONSTRAINT = 'serialized_balance_matches_assets', TABLE = 'balance', SCHEMA = 'stock';
  END IF;
END;
$$;

CREATE FUNCTION stock.balance_matches_assets() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stock.check_serialized_balance(NEW.part_number_id, NEW.location_id);
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER balance_matches_assets
  AFTER INSERT OR UPDATE OF on_hand ON stock.balance
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION stock.balance_matches_assets();

-- An asset that moves: the balances where it was and where it is must
-- still count it right, and an active reservation holding it must still
-- find it where it was reserved.
CREATE FUNCTION stock.asset_position_is_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  part bigint;
  holder record;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT m.part_number_id INTO part FROM stock.movement m WHERE m.id = OLD.movement_id;
    PERFORM stock.check_serialized_balance(part, OLD.location_id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT m.part_number_id INTO part FROM stock.movement m WHERE m.id = NEW.movement_id;
    PERFORM stock.check_serialized_balance(part, NEW.location_id);
    SELECT r.id, r.location_id INTO holder FROM stock.reservation r WHERE r.asset_id = NEW.asset_id AND r.status = 'ACTIVE';
    IF FOUND AND holder.location_id IS DISTINCT FROM (SELECT p.location_id FROM stock.asset_position p WHERE p.asset_id = NEW.asset_id) THEN
      RAISE EXCEPTION 'asset % is held by reservation % at location %', NEW.asset_id, holder.id, holder.location_id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'reserved_asset_stays', TABLE = 'asset_position', SCHEMA = 'stock';
    END IF;
  END IF;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER asset_position_is_kept
  AFTER INSERT OR UPDATE OR DELETE ON stock.asset_position
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION stock.asset_position_is_kept();

-- An active reservation of a serialized part names an asset of that part
-- that stock places at the reservation's location. Reservations made before
-- this rule (none name an asset) are left as they are until they end.
CREATE FUNCTION stock.reservation_holds_its_asset() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  current record;
BEGIN
  SELECT r.id, r.status, r.part_number_id, r.location_id, r.asset_id INTO current FROM stock.reservation r WHERE r.id = NEW.id;
  IF current.status <> 'ACTIVE' OR (TG_OP = 'UPDATE' AND OLD.asset_id IS NULL AND current.asset_id IS NULL) THEN
    RETURN NULL;
  END IF;
  IF current.asset_id IS NULL THEN
    IF EXISTS (SELECT 1 FROM stock.catalog_part_number p WHERE p.id = current.part_number_id AND p.serialized) THEN
      RAISE EXCEPTION 'reservation % of serialized part % names no asset', current.id, current.part_number_id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'reservation_names_its_asset', TABLE = 'reservation', SCHEMA = 'stock';
    END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM stock.asset_position p JOIN stock.movement m ON m.id = p.movement_id
                    WHERE p.asset_id = current.asset_id AND p.location_id = current.location_id AND m.part_number_id = current.part_number_id) THEN
    RAISE EXCEPTION 'reservation % holds asset %, which is not at location %', current.id, current.asset_id, current.location_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'reservation_names_its_asset', TABLE = 'reservation', SCHEMA = 'stock';
  END IF;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER reservation_holds_its_asset
  AFTER INSERT OR UPDATE ON stock.reservation
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION stock.reservation_holds_its_asset();
