-- Read-your-writes for catalog's facts in stock: when a write names a part
-- number or asset stock has no (or a stale) copy of, stock looks up the
-- events about it that it has not applied yet. These find a part number's
-- and an asset's events without reading the whole outbox.
CREATE INDEX event_part_number_saved_idx ON outbox.event ((payload ->> 'partNumberId'))
  WHERE topic = 'catalog.part_number.saved';
CREATE INDEX event_asset_saved_idx ON outbox.event ((payload ->> 'assetId'))
  WHERE topic = 'catalog.asset.saved';
