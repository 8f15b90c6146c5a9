-- API keys gain a lifecycle: several roles, an optional list of the
-- registered operations they may run, an expiry, the time they were last
-- used, and rotation (a new key under the same name while the old one stays
-- valid for a grace period). Expand only: `role` stays, written as the first
-- role, so a gateway of the previous version keeps working during a rollout.
ALTER TABLE gateway.api_key
  ADD COLUMN roles        text[],
  ADD COLUMN operations   text[],
  ADD COLUMN expires_at   timestamptz,
  ADD COLUMN last_used_at timestamptz,
  ADD COLUMN replaced_by  bigint REFERENCES gateway.api_key (id);

UPDATE gateway.api_key SET roles = ARRAY[role];

ALTER TABLE gateway.api_key
  ALTER COLUMN roles SET NOT NULL,
  ADD CONSTRAINT api_key_roles_known
    CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['admin', 'operator', 'approver', 'analyst', 'partner']::text[] AND role = roles[1]),
  ADD CONSTRAINT api_key_operations_listed CHECK (operations IS NULL OR cardinality(operations) > 0);

-- A key's name is its identity (`key:<name>`: rate limits, idempotency keys,
-- webhooks) and survives rotation: unique among keys not replaced. A revoked
-- key keeps its name, so a new key never inherits a revoked one's identity.
ALTER TABLE gateway.api_key DROP CONSTRAINT api_key_name_key;
CREATE UNIQUE INDEX api_key_name_current_idx ON gateway.api_key (name) WHERE replaced_by IS NULL;
