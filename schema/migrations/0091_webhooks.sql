-- Webhooks: a caller registers a URL for some change-feed topics; the
-- gateway queues every matching event for it and delivers each at least
-- once, signed the Standard Webhooks way, with retries and backoff.
CREATE TABLE gateway.webhook (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The caller (API key name or token subject) that registered it; only it sees and manages it.
  owner                 text NOT NULL,
  url                   text NOT NULL,
  topics                text[] NOT NULL CHECK (cardinality(topics) > 0),
  -- `whsec_` and the base64 of the signing key, as Standard Webhooks writes it.
  secret                text NOT NULL CHECK (secret LIKE 'whsec\_%'),
  enabled               boolean NOT NULL DEFAULT true,
  disabled_reason       text,
  consecutive_failures  integer NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
  -- The change-feed position up to which events have been queued for it.
  cursor_txid           xid8 NOT NULL,
  cursor_id             bigint NOT NULL DEFAULT 0,
  created_at            timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webhook_owner_url_key UNIQUE (owner, url),
  CONSTRAINT webhook_reason_when_disabled CHECK (enabled OR disabled_reason IS NOT NULL)
);

CREATE TABLE gateway.webhook_delivery (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webhook_id       bigint NOT NULL REFERENCES gateway.webhook (id) ON DELETE CASCADE,
  -- Pruning old feed events takes their deliveries with them.
  change_id        bigint NOT NULL REFERENCES outbox.change (id) ON DELETE CASCADE,
  status           text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- When the next attempt is due; while one runs, the end of its lease.
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webhook_delivery_once UNIQUE (webhook_id, change_id),
  CONSTRAINT webhook_delivery_delivered_at CHECK ((status = 'DELIVERED') = (delivered_at IS NOT NULL))
);
CREATE INDEX webhook_delivery_due_idx ON gateway.webhook_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_of_webhook_idx ON gateway.webhook_delivery (webhook_id, id);

-- Every attempt, for the owner's delivery log.
CREATE TABLE gateway.webhook_attempt (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id   bigint NOT NULL REFERENCES gateway.webhook_delivery (id) ON DELETE CASCADE,
  attempted_at  timestamptz NOT NULL DEFAULT now(),
  status_code   integer,
  error         text,
  duration_ms   integer NOT NULL
);
CREATE INDEX webhook_attempt_of_delivery_idx ON gateway.webhook_attempt (delivery_id, id);
