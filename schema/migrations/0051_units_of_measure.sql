-- Units of measure and their precision. Catalog owns the units: a part
-- number names one that exists, and its stock levels respect its decimal
-- places. Stock keeps each part's precision in its copy (fed by
-- `catalog.part_number.saved`) and refuses, in the database, any movement,
-- reservation or count line with a quantity finer than its part's unit.

CREATE TABLE catalog.unit_of_measure (
  code            text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_]{1,16}$'),
  name            text NOT NULL,
  -- How many decimal places a quantity in this unit may have: 0 counts whole units.
  decimal_places  smallint NOT NULL CHECK (decimal_places BETWEEN 0 AND 6)
);

INSERT INTO catalog.unit_of_measure (code, name, decimal_places) VALUES
  ('EA', 'each', 0),
  ('PAIR', 'pair', 0),
  ('SET', 'set', 0),
  ('BOX', 'box', 0),
  ('ROLL', 'roll', 0),
  ('M', 'metre', 3),
  ('KG', 'kilogram', 3),
  ('L', 'litre', 3),
  ('M2', 'square metre', 3),
  ('H', 'hour', 2);

-- Units already in use that the list does not know keep the ledger's full precision.
INSERT INTO catalog.unit_of_measure (code, name, decimal_places)
SELECT DISTINCT unit_of_measure, unit_of_measure, 6 FROM catalog.part_number
ON CONFLICT (code) DO NOTHING;

ALTER TABLE catalog.part_number
  ADD CONSTRAINT part_number_unit_of_measure_fkey FOREIGN KEY (unit_of_measure) REFERENCES catalog.unit_of_measure (code);

-- Whether `quantity` needs no more than `places` decimal places.
CREATE FUNCTION catalog.fits_unit(quantity numeric, places smallint) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$ SELECT quantity IS NULL OR scale(trim_scale(quantity)) <= places $$;

-- A part's stock levels are quantities of its unit.
CREATE FUNCTION catalog.part_number_levels_fit_unit() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  places smallint;
BEGIN
  SELECT u.decimal_places INTO places FROM catalog.unit_of_measure u WHERE u.code = NEW.unit_of_measure;
  IF places IS NOT NULL AND NOT (catalog.fits_unit(NEW.minimum_stock, places) AND catalog.fits_unit(NEW.maximum_stock, places)
                                 AND catalog.fits_unit(NEW.reorder_point, places)) THEN
    RAISE EXCEPTION 'stock levels of part number % are finer than its unit % allows (% decimal places)', NEW.code, NEW.unit_of_measure, places
      USING ERRCODE = 'check_violation', CONSTRAINT = 'part_number_levels_fit_unit';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER part_number_levels_fit_unit
  BEFORE INSERT OR UPDATE OF unit_of_measure, minimum_stock, maximum_stock, reorder_point ON catalog.part_number
  FOR EACH ROW EXECUTE FUNCTION catalog.part_number_levels_fit_unit();

-- Stock's copy of each part's precision.
ALTER TABLE stock.catalog_part_number
  ADD COLUMN unit_decimal_places smallint NOT NULL DEFAULT 6,
  ADD CONSTRAINT catalog_part_number_unit_decimal_places_range CHECK (unit_decimal_places BETWEEN 0 AND 6);

UPDATE stock.catalog_part_number p
SET unit_decimal_places = u.decimal_places
FROM catalog.unit_of_measure u
WHERE u.code = p.unit_of_measure;

-- Every quantity stock records respects its part's unit.
CREATE FUNCTION stock.quantity_fits_unit() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  places smallint;
BEGIN
  SELECT p.unit_decimal_places INTO places FROM stock.catalog_part_number p WHERE p.id = NEW.part_number_id;
  IF places IS NOT NULL AND scale(trim_scale(NEW.quantity)) > places THEN
    RAISE EXCEPTION 'quantity % of part number % is finer than its unit allows (% decimal places)', NEW.quantity, NEW.part_number_id, places
      USING ERRCODE = 'check_violation', CONSTRAINT = 'quantity_fits_unit';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER movement_quantity_fits_unit
  BEFORE INSERT ON stock.movement
  FOR EACH ROW EXECUTE FUNCTION stock.quantity_fits_unit();

CREATE TRIGGER reservation_quantity_fits_unit
  BEFORE INSERT OR UPDATE OF quantity ON stock.reservation
  FOR EACH ROW EXECUTE FUNCTION stock.quantity_fits_unit();

CREATE TRIGGER count_line_quantity_fits_unit
  BEFORE INSERT OR UPDATE OF quantity ON stock.count_line
  FOR EACH ROW EXECUTE FUNCTION stock.quantity_fits_unit();
