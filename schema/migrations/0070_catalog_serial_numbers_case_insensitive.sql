-- Serial numbers are one identity whatever their case or surrounding
-- blanks: "sn-1 " and "SN-1" name the same unit. They are stored trimmed
-- and are unique case-insensitively.
--
-- Existing serials that would collide once trimmed and compared without
-- case cannot be merged automatically (they may be two real units typed
-- two ways, or one unit registered twice): the migration stops, changing
-- nothing, and lists them so an operator can rename or retire one of each
-- pair and run it again.
DO $$
DECLARE
  collisions text;
BEGIN
  SELECT string_agg(format('%s (asset ids %s)', serials, ids), '; ')
  INTO collisions
  FROM (
    SELECT string_agg(quote_literal(serial_number), ', ' ORDER BY id) AS serials,
           string_agg(id::text, ', ' ORDER BY id) AS ids
    FROM catalog.asset
    GROUP BY lower(btrim(serial_number, E' \t\r\n'))
    HAVING count(*) > 1
    ORDER BY min(id)
    LIMIT 50
  ) colliding;
  IF collisions IS NOT NULL THEN
    RAISE EXCEPTION 'serial numbers collide once trimmed and compared without case: %', collisions
      USING HINT = 'Rename or retire one asset of each group (updateAsset serialNumber), then migrate again.';
  END IF;
END
$$;

-- Stock's copy names the same units; trim it alongside.
UPDATE stock.catalog_asset
SET serial_number = btrim(serial_number, E' \t\r\n')
WHERE serial_number <> btrim(serial_number, E' \t\r\n');

UPDATE catalog.asset
SET serial_number = btrim(serial_number, E' \t\r\n')
WHERE serial_number <> btrim(serial_number, E' \t\r\n');

ALTER TABLE catalog.asset DROP CONSTRAINT asset_serial_number_key;
-- The uniqueness rule, under the name writers map to DUPLICATE.
CREATE UNIQUE INDEX asset_serial_number_key ON catalog.asset (lower(serial_number));
-- Listing assets by serial number reads this index in order.
CREATE INDEX asset_serial_number_idx ON catalog.asset (serial_number);
ALTER TABLE catalog.asset
  ADD CONSTRAINT asset_serial_number_trimmed
  CHECK (serial_number <> '' AND serial_number = btrim(serial_number, E' \t\r\n'));
