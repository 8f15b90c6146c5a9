-- Idempotency keys belong to whoever sent them. A client's key is unique
-- only among that caller's own writes (created_by is the caller the gateway
-- signed), so another caller's retry with the same key makes a write of its
-- own and never receives someone else's. Keys the system makes for its own
-- effects (an approved asset move, a count settling a divergence) live in
-- `system_key`, a column no client input is ever written to, so no client
-- key can pre-empt or answer for them.

ALTER TABLE stock.movement
  ADD COLUMN system_key text,
  ADD CONSTRAINT movement_system_key_key UNIQUE (system_key),
  ADD CONSTRAINT movement_one_kind_of_key CHECK (system_key IS NULL OR idempotency_key IS NULL),
  DROP CONSTRAINT movement_hash_with_key,
  ADD CONSTRAINT movement_hash_with_key CHECK (request_hash IS NULL OR idempotency_key IS NOT NULL OR system_key IS NOT NULL);

-- Keys the system wrote before this column existed: an approved asset move
-- (written without a request hash, documented as an approval) and the
-- movement a count divergence names as its settlement. Anything else in
-- those shapes was sent by a client and stays the client's. Only keys
-- move, so the ledger's append-only guard stands aside for this statement.
ALTER TABLE stock.movement DISABLE TRIGGER movement_is_append_only;
UPDATE stock.movement m
SET system_key = m.idempotency_key, idempotency_key = NULL
WHERE (m.idempotency_key LIKE 'approval-request:%:MOVE' AND m.request_hash IS NULL AND m.document_type = 'APPROVAL')
   OR (m.idempotency_key LIKE 'count-session:%:divergence:%'
       AND EXISTS (SELECT 1 FROM stock.count_divergence d WHERE d.movement_id = m.id));
ALTER TABLE stock.movement ENABLE TRIGGER movement_is_append_only;

ALTER TABLE stock.movement
  DROP CONSTRAINT movement_idempotency_key_key,
  ADD CONSTRAINT movement_client_key_key UNIQUE (created_by, idempotency_key);

ALTER TABLE stock.reservation
  DROP CONSTRAINT reservation_idempotency_key_key,
  ADD CONSTRAINT reservation_client_key_key UNIQUE (created_by, idempotency_key);

-- The ledger stays append-only: only the status and decision columns of a
-- pending movement may change, nothing is deleted. The row is compared as a
-- whole less those columns, so a column added later is covered without
-- being listed here.
CREATE OR REPLACE FUNCTION stock.movement_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  decided CONSTANT text[] := ARRAY['status', 'posted_at', 'decided_at', 'decided_by', 'status_reason'];
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'stock.movement is append-only' USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.status <> 'PENDING_APPROVAL' OR (to_jsonb(NEW) - decided) IS DISTINCT FROM (to_jsonb(OLD) - decided) THEN
    RAISE EXCEPTION 'stock.movement is append-only' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END;
$$;
