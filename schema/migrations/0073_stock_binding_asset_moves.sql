-- Stock owns asset moves (a TRANSFER naming an asset), so it too refuses a
-- direct move that an asset-action policy covers. Like catalog, it keeps
-- copies fed by events and caught up on before judging:
--
-- stock.approval_policy   approvals.policy.saved, the asset-action policies
-- stock.asset_value       catalog.asset.saved, the value a policy is judged on
--
-- `event_id` is the outbox id of the newest event applied; the copies made
-- here from the current state start at 0, so any later event wins.

CREATE TABLE stock.approval_policy (
  policy_id      bigint PRIMARY KEY,
  code           text NOT NULL,
  active         boolean NOT NULL,
  asset_actions  text[],
  min_value      numeric(20, 6),
  max_value      numeric(20, 6),
  priority       integer NOT NULL,
  event_id       bigint NOT NULL
);

INSERT INTO stock.approval_policy (policy_id, code, active, asset_actions, min_value, max_value, priority, event_id)
SELECT id, code, active, asset_actions, min_value, max_value, priority, 0
FROM approvals.policy
WHERE subject_kind = 'ASSET_ACTION';

CREATE TABLE stock.asset_value (
  asset_id          bigint PRIMARY KEY,
  acquisition_cost  numeric(20, 6),
  event_id          bigint NOT NULL
);

INSERT INTO stock.asset_value (asset_id, acquisition_cost, event_id)
SELECT id, acquisition_cost, 0 FROM catalog.asset;
