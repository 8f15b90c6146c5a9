-- A supplier offer's minimum order quantity is a quantity of its part:
-- it respects the precision of the part's unit of measure, like every
-- other quantity (schema/migrations/0051_units_of_measure.sql).
CREATE FUNCTION catalog.supplier_offer_quantity_fits_unit() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  places smallint;
BEGIN
  SELECT u.decimal_places INTO places
  FROM catalog.part_number p JOIN catalog.unit_of_measure u ON u.code = p.unit_of_measure
  WHERE p.id = NEW.part_number_id;
  IF places IS NOT NULL AND NOT catalog.fits_unit(NEW.minimum_order_quantity, places) THEN
    RAISE EXCEPTION 'minimum order quantity % is finer than the unit of part number % allows (% decimal places)',
      NEW.minimum_order_quantity, NEW.part_number_id, places
      USING ERRCODE = 'check_violation', CONSTRAINT = 'supplier_offer_quantity_fits_unit';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER supplier_offer_quantity_fits_unit
  BEFORE INSERT OR UPDATE OF minimum_order_quantity, part_number_id ON catalog.supplier_offer
  FOR EACH ROW EXECUTE FUNCTION catalog.supplier_offer_quantity_fits_unit();
