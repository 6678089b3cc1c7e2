-- Precise matching in the application: poverty-registry snapshots (versioned, previous kept),
-- match runs over registry persons and training rosters, results with a clerical-review queue.

CREATE TABLE poverty_snapshots (
  id           bigserial PRIMARY KEY,
  province_code text NOT NULL COLLATE "C",
  source       text NOT NULL,
  file_name    text NOT NULL,
  imported_at  timestamptz NOT NULL,
  imported_by  bigint,
  row_count    integer NOT NULL DEFAULT 0,
  invalid_rows integer NOT NULL DEFAULT 0,
  is_current   boolean NOT NULL DEFAULT false
);

CREATE TABLE poverty_registry (
  snapshot_id    bigint NOT NULL REFERENCES poverty_snapshots(id),
  row_no         integer NOT NULL,
  province_code  text NOT NULL COLLATE "C",
  id_hash        text COLLATE "C",
  id_enc         text NOT NULL,
  name           text NOT NULL,
  household_no   text,
  relation       text,
  region_code    text COLLATE "C",
  status_text    text,
  PRIMARY KEY (snapshot_id, row_no)
);
CREATE INDEX poverty_registry_hash_idx ON poverty_registry (snapshot_id, id_hash);

CREATE TABLE match_runs (
  id           bigserial PRIMARY KEY,
  snapshot_id  bigint NOT NULL REFERENCES poverty_snapshots(id),
  scope        text NOT NULL CHECK (scope IN ('registry','training')),
  region_code  text NOT NULL COLLATE "C",
  started_by   bigint,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  status       text NOT NULL CHECK (status IN ('running','succeeded','failed')),
  total        integer NOT NULL DEFAULT 0,
  done         integer NOT NULL DEFAULT 0,
  counts       jsonb NOT NULL DEFAULT '{}'::jsonb,
  error        text
);

CREATE TABLE match_results (
  id              bigserial PRIMARY KEY,
  run_id          bigint NOT NULL REFERENCES match_runs(id),
  person_id       bigint NOT NULL REFERENCES persons(id),
  org_id          bigint,                       -- training institution / school for feedback lists
  class_id        bigint,
  region_code     text NOT NULL COLLATE "C",
  tier            text NOT NULL CHECK (tier IN ('exact','corrected_id','fuzzy','conflict','none')),
  registry_row_no integer,
  registry_name   text,
  registry_household text,
  poverty_status  text,
  confidence      double precision NOT NULL,
  needs_review    boolean NOT NULL,
  explanation     text NOT NULL,
  review_status   text NOT NULL CHECK (review_status IN ('auto','pending','accepted','rejected','none')),
  reviewed_by     bigint,
  reviewed_at     timestamptz,
  review_reason   text
);
CREATE INDEX match_results_run_idx ON match_results (run_id, review_status);
CREATE INDEX match_results_org_idx ON match_results (org_id, run_id);
CREATE INDEX match_results_person_idx ON match_results (person_id);
