-- Platform core: regions, organisations, users, sessions, login attempts, audit log, jobs.
-- Forward-only. Written for PostgreSQL 15 (PGlite runs a newer PostgreSQL).

CREATE TABLE regions (
  code          text PRIMARY KEY COLLATE "C",   -- canonical prefix: 2 / 4 / 6 / 9 / 12 digits
  name          text NOT NULL,
  level         smallint NOT NULL CHECK (level BETWEEN 1 AND 5), -- 1 省 2 市 3 县 4 乡镇 5 村
  parent_code   text COLLATE "C" REFERENCES regions(code),
  province_code text NOT NULL COLLATE "C",
  CHECK (length(code) IN (2, 4, 6, 9, 12)),
  CHECK (code ~ '^[0-9]+$')
);
CREATE INDEX regions_parent_idx ON regions (parent_code);

CREATE TABLE organisations (
  id            bigserial PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('hr_bureau','poverty_office','township','school','institution','enterprise','reviewer','platform')),
  name          text NOT NULL,
  region_code   text NOT NULL COLLATE "C" REFERENCES regions(code),
  province_code text NOT NULL COLLATE "C",
  credit_code   text,                      -- 统一社会信用代码
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended','blacklisted')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, name, region_code)
);
CREATE INDEX organisations_region_idx ON organisations (region_code);

CREATE TABLE users (
  id              bigserial PRIMARY KEY,
  username        text NOT NULL UNIQUE,
  display_name    text NOT NULL,
  password_hash   text NOT NULL,
  role            text NOT NULL,
  region_code     text NOT NULL COLLATE "C" REFERENCES regions(code),
  org_id          bigint REFERENCES organisations(id),
  person_id       bigint,                    -- trainee accounts: the registry person
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
  must_change_password boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash    text PRIMARY KEY,            -- sha256 of the cookie token; the token itself is never stored
  user_id       bigint NOT NULL REFERENCES users(id),
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  ip            text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE login_attempts (
  id         bigserial PRIMARY KEY,
  username   text NOT NULL,
  ip         text,
  success    boolean NOT NULL,
  at         timestamptz NOT NULL
);
CREATE INDEX login_attempts_user_idx ON login_attempts (username, at);

-- Append-only, hash-chained audit log. seq is assigned under the audit_head row lock, so
-- the chain order equals commit order even with concurrent writers.
CREATE TABLE audit_head (
  id        smallint PRIMARY KEY CHECK (id = 1),
  last_seq  bigint NOT NULL,
  last_hash text NOT NULL
);
INSERT INTO audit_head VALUES (1, 0, repeat('0', 64));

CREATE TABLE audit_log (
  seq          bigint PRIMARY KEY,
  at           timestamptz NOT NULL,
  actor_id     bigint,
  actor_name   text,
  action       text NOT NULL,
  object_type  text,
  object_id    text,
  region_code  text COLLATE "C",
  ip           text,
  detail       jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash    text NOT NULL,
  hash         text NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Background jobs with visible progress and resume after a crash.
CREATE TABLE jobs (
  id           bigserial PRIMARY KEY,
  kind         text NOT NULL,
  status       text NOT NULL CHECK (status IN ('queued','running','succeeded','failed','partial')),
  created_by   bigint REFERENCES users(id),
  region_code  text COLLATE "C",
  org_id       bigint,
  total        bigint,
  done         bigint NOT NULL DEFAULT 0,
  params       jsonb NOT NULL DEFAULT '{}'::jsonb,
  result       jsonb,
  error        text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE INDEX jobs_creator_idx ON jobs (created_by, created_at);
