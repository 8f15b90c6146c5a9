-- The catalog's audit trail names each entity by its GraphQL type
-- (`PartNumber`, not `part_number`), the one spelling every audit trail
-- uses, so readers and queries filtering by entity type need no second
-- list of names. Records written before that change are renamed here.
UPDATE catalog.audit_event
SET entity_type = CASE entity_type
  WHEN 'part_number' THEN 'PartNumber'
  WHEN 'asset' THEN 'Asset'
  WHEN 'asset_model' THEN 'AssetModel'
  WHEN 'asset_category' THEN 'AssetCategory'
  WHEN 'spec_version' THEN 'SpecVersion'
  WHEN 'supplier' THEN 'Supplier'
  WHEN 'supplier_offer' THEN 'SupplierOffer'
END
WHERE entity_type IN ('part_number', 'asset', 'asset_model', 'asset_category', 'spec_version', 'supplier', 'supplier_offer');
