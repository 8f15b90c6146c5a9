-- Every owner keeps its own audit trail: who did what, when, to which
-- entity, the entity before and after, and the request it was part of.
CREATE TABLE catalog.audit_event (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at  timestamptz NOT NULL DEFAULT now(),
  action       text NOT NULL,
  entity_type  text NOT NULL,
  entity_id    text NOT NULL,
  before       jsonb,
  after        jsonb,
  actor        text NOT NULL,
  actor_roles  text[] NOT NULL,
  request_id   text NOT NULL
);
CREATE INDEX audit_event_entity_idx ON catalog.audit_event (entity_type, entity_id, id);

CREATE TABLE stock.audit_event (LIKE catalog.audit_event INCLUDING ALL);
CREATE TABLE cmdb.audit_event (LIKE catalog.audit_event INCLUDING ALL);
CREATE TABLE approvals.audit_event (LIKE catalog.audit_event INCLUDING ALL);
CREATE TABLE gateway.audit_event (LIKE catalog.audit_event INCLUDING ALL);

-- The transactional outbox: infrastructure shared by every subgraph, not a
-- domain schema. A producer inserts in the transaction of its change; each
-- consumer records what it applied in its own schema's inbox, in the
-- transaction that applies it.
CREATE SCHEMA outbox;

CREATE TABLE outbox.event (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  topic       text NOT NULL,
  payload     jsonb NOT NULL,
  producer    text NOT NULL,
  request_id  text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_topic_idx ON outbox.event (topic, id);

CREATE TABLE catalog.inbox (
  event_id      bigint PRIMARY KEY REFERENCES outbox.event (id),
  topic         text NOT NULL,
  processed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE stock.inbox (LIKE catalog.inbox INCLUDING ALL);
ALTER TABLE stock.inbox ADD FOREIGN KEY (event_id) REFERENCES outbox.event (id);
CREATE TABLE cmdb.inbox (LIKE catalog.inbox INCLUDING ALL);
ALTER TABLE cmdb.inbox ADD FOREIGN KEY (event_id) REFERENCES outbox.event (id);
CREATE TABLE approvals.inbox (LIKE catalog.inbox INCLUDING ALL);
ALTER TABLE approvals.inbox ADD FOREIGN KEY (event_id) REFERENCES outbox.event (id);

-- API keys: only a SHA-256 of each key is stored; the key itself is shown
-- once, when it is created.
CREATE TABLE gateway.api_key (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL,
  role        text NOT NULL CHECK (role IN ('admin', 'operator', 'approver', 'analyst', 'partner')),
  key_hash    text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  CONSTRAINT api_key_name_key UNIQUE (name),
  CONSTRAINT api_key_hash_key UNIQUE (key_hash)
);
