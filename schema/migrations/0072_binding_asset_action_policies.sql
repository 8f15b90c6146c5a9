-- Asset-action approval policies bind: where an active policy covers an
-- action, catalog refuses the direct mutation and points to
-- requestAssetAction. Each side keeps a copy of the other's facts, fed by
-- events and caught up on before judging (see schema/events.md):
--
-- catalog.approval_policy   approvals.policy.saved, the asset-action policies
-- approvals.catalog_asset   catalog.asset.saved, the value a policy is judged on
--
-- `event_id` is the outbox id of the newest event applied; the copies made
-- here from the current state start at 0, so any later event wins.

CREATE TABLE catalog.approval_policy (
  policy_id      bigint PRIMARY KEY,
  code           text NOT NULL,
  active         boolean NOT NULL,
  asset_actions  text[],
  min_value      numeric(20, 6),
  max_value      numeric(20, 6),
  priority       integer NOT NULL,
  event_id       bigint NOT NULL
);

INSERT INTO catalog.approval_policy (policy_id, code, active, asset_actions, min_value, max_value, priority, event_id)
SELECT id, code, active, asset_actions, min_value, max_value, priority, 0
FROM approvals.policy
WHERE subject_kind = 'ASSET_ACTION';

CREATE TABLE approvals.catalog_asset (
  asset_id          bigint PRIMARY KEY,
  acquisition_cost  numeric(20, 6),
  event_id          bigint NOT NULL
);

INSERT INTO approvals.catalog_asset (asset_id, acquisition_cost, event_id)
SELECT id, acquisition_cost, 0 FROM catalog.asset;

-- Approvals catches up on one asset's events before judging a request on it
-- (in event order: the id joins the index stock's catch-up uses).
DROP INDEX IF EXISTS outbox.event_asset_saved_idx;
CREATE INDEX event_asset_saved_idx ON outbox.event ((payload ->> 'assetId'), id)
  WHERE topic = 'catalog.asset.saved';
