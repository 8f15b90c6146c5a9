-- Movement summaries read the posted ledger by posting time over a bounded
-- period: this index finds exactly those rows, so a summary reads the
-- period's movements and no others, however long the ledger grows.
CREATE INDEX movement_posted_at_idx ON stock.movement (posted_at) WHERE status = 'POSTED';
