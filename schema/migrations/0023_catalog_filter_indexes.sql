-- Every part-number filter the API offers is served by an index, in the
-- list's default order (code, id), so a filtered page reads only its rows
-- and the count reads only the matching index entries (the included columns
-- let it skip the table). Category alone already has (category, code).
-- Manufacturer is matched case-insensitively, hence lower(). Active and
-- serialized split the table in two large halves: an index of their own
-- would not beat reading it.
CREATE INDEX part_number_category_manufacturer_idx ON catalog.part_number (category, lower(manufacturer), code, id) INCLUDE (manufacturer, active);
CREATE INDEX part_number_manufacturer_idx ON catalog.part_number (lower(manufacturer), code, id) INCLUDE (manufacturer, active);
CREATE INDEX part_number_subcategory_idx ON catalog.part_number (subcategory, code, id) INCLUDE (active);
