-- Minimal stand-in for a persisted BPMN engine's hot tables: the ceiling our command path is compared with.
-- psql -v ninst=100000 -v state_bytes=1024 -f transition-schema.sql
DROP TABLE IF EXISTS wf_instance, wf_journal, wf_bookmark;

CREATE TABLE wf_instance (
  id             bigint PRIMARY KEY,
  definition_key text        NOT NULL,
  status         text        NOT NULL,
  version        bigint      NOT NULL,          -- optimistic-concurrency token
  state          jsonb       NOT NULL,          -- tokens + variables
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE wf_journal (                       -- history: one row per state transition
  id           bigserial PRIMARY KEY,
  instance_id  bigint      NOT NULL,
  seq          bigint      NOT NULL,
  kind         text        NOT NULL,
  payload      jsonb       NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX wf_journal_instance ON wf_journal (instance_id, seq);

CREATE TABLE wf_bookmark (                      -- where an instance waits (user task, timer, message)
  id           bigserial PRIMARY KEY,
  instance_id  bigint      NOT NULL,
  name         text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX wf_bookmark_instance ON wf_bookmark (instance_id);

INSERT INTO wf_instance (id, definition_key, status, version, state)
SELECT g, 'order-approval:1', 'running', 1,
       jsonb_build_object('tokens', jsonb_build_array(jsonb_build_object('id', 't1', 'node', 'approve', 'state', 'waiting')),
                          'variables', jsonb_build_object('amount', g % 1000, 'customer', 'c-' || g,
                                                          'pad', repeat(md5(g::text), greatest(1, :state_bytes / 32))))
FROM generate_series(1, :ninst) g;

INSERT INTO wf_bookmark (instance_id, name) SELECT g, 'approve' FROM generate_series(1, :ninst) g;

VACUUM ANALYZE wf_instance, wf_journal, wf_bookmark;
