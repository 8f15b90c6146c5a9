-- Counts: a count is bound to the locations of its subtree as they were when
-- it started, at most one open count covers any location, and a later count
-- supersedes an earlier count's divergences that were never settled.

-- The pair (id, status) is what a session's scope rows follow.
ALTER TABLE stock.count_session ADD CONSTRAINT count_session_id_status_key UNIQUE (id, status);

-- The locations a session counts: its root's subtree when the session
-- started. A location moved out of the subtree later is still counted by
-- it, one moved in later is not. `status` follows the session's (the
-- foreign key cascades it), so the partial unique index below lets no two
-- OPEN sessions share a location: overlapping subtrees can never be counted
-- at the same time.
CREATE TABLE stock.count_scope (
  session_id   bigint NOT NULL,
  status       text NOT NULL,
  location_id  bigint NOT NULL REFERENCES stock.location (id),
  PRIMARY KEY (session_id, location_id),
  CONSTRAINT count_scope_session_fkey FOREIGN KEY (session_id, status)
    REFERENCES stock.count_session (id, status) ON UPDATE CASCADE
);

CREATE UNIQUE INDEX count_scope_one_open_count ON stock.count_scope (location_id) WHERE status = 'OPEN';

-- Sessions started before scopes existed get their root's subtree as it is
-- now. Should two OPEN ones overlap, the older keeps the shared locations.
INSERT INTO stock.count_scope (session_id, status, location_id)
SELECT s.id, s.status, l.id
FROM stock.count_session s JOIN stock.location l ON l.path @> ARRAY[s.location_id]
ORDER BY s.id, l.id
ON CONFLICT DO NOTHING;

-- A divergence that a later count judged again before it was settled is
-- superseded by that count and never settled: the later count's own
-- divergences replace it, so the same difference is never adjusted twice.
ALTER TABLE stock.count_divergence
  ADD COLUMN superseded_by bigint REFERENCES stock.count_session (id),
  ADD CONSTRAINT count_divergence_settled_or_superseded CHECK (movement_id IS NULL OR superseded_by IS NULL);

CREATE INDEX count_divergence_unsettled_idx ON stock.count_divergence (location_id)
  WHERE movement_id IS NULL AND superseded_by IS NULL;
CREATE INDEX count_divergence_movement_idx ON stock.count_divergence (movement_id) WHERE movement_id IS NOT NULL;
