-- Registry (台账): households, persons, change history, employment/income monitoring.
-- ID numbers are stored encrypted (id_enc) with an HMAC blind index (id_hash) for lookup and
-- uniqueness; the key lives outside the database. Every large table carries province_code.

CREATE TABLE households (
  id               bigserial PRIMARY KEY,
  province_code    text NOT NULL COLLATE "C",
  household_no     text NOT NULL,              -- 户编号
  poverty_card_no  text,                       -- 扶贫卡编号
  region_code      text COLLATE "C",
  address          text,
  poverty_status   text CHECK (poverty_status IN ('registered_poor','lifted_out_of_poverty','monitored_at_risk')),
  monitoring_flags jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (province_code, household_no)
);
CREATE INDEX households_region_idx ON households (region_code text_pattern_ops);

CREATE TABLE persons (
  id                 bigserial PRIMARY KEY,
  province_code      text NOT NULL COLLATE "C",
  id_hash            text NOT NULL COLLATE "C",  -- HMAC-SHA256 blind index of the ID number
  id_enc             text NOT NULL,              -- AES-256-GCM ciphertext of the ID number
  id_head            text NOT NULL COLLATE "C",  -- first 6 digits (masked display, region fallback)
  id_tail            text NOT NULL COLLATE "C",  -- last 4 characters (masked display)
  name               text NOT NULL,
  name_pinyin        text NOT NULL DEFAULT '',   -- full pinyin without tones, for sorting
  name_initials      text NOT NULL DEFAULT '',   -- pinyin initials, for 首字母 search
  gender             text NOT NULL CHECK (gender IN ('男','女')),
  birth_date         date NOT NULL,
  nationality        text NOT NULL,
  phone              text,
  address            text NOT NULL,
  region_code        text NOT NULL COLLATE "C",
  household_id       bigint REFERENCES households(id),
  relation_to_head   text,
  poverty_card_no    text,
  education          text,
  employment_status  text,
  training_wish      text,
  study_wish         text,
  labour_ability     text,
  school_wish        text,                        -- 拟就读技工院校
  remark             text,
  poverty_status     text CHECK (poverty_status IN ('registered_poor','lifted_out_of_poverty','monitored_at_risk')),
  source             text NOT NULL DEFAULT 'import',
  import_job_id      bigint,
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX persons_id_hash_key ON persons (id_hash);
CREATE INDEX persons_region_idx ON persons (region_code text_pattern_ops, id);
CREATE INDEX persons_household_idx ON persons (household_id);
CREATE INDEX persons_name_idx ON persons (name text_pattern_ops);
CREATE INDEX persons_initials_idx ON persons (name_initials text_pattern_ops);

CREATE TABLE person_changes (
  id          bigserial PRIMARY KEY,
  person_id   bigint NOT NULL REFERENCES persons(id),
  province_code text NOT NULL COLLATE "C",
  at          timestamptz NOT NULL,
  actor_id    bigint,
  actor_name  text,
  source      text NOT NULL,                    -- import / edit / survey / match
  job_id      bigint,
  changes     jsonb NOT NULL                    -- {"field": [old, new]}
);
CREATE INDEX person_changes_person_idx ON person_changes (person_id, at);

-- 务工/收入监测 (seed 004 二): monthly employment and income follow-up of a person.
CREATE TABLE income_monitoring (
  id             bigserial PRIMARY KEY,
  person_id      bigint NOT NULL REFERENCES persons(id),
  province_code  text NOT NULL COLLATE "C",
  period         text NOT NULL CHECK (period ~ '^\d{4}-\d{2}$'),
  employed       boolean NOT NULL,
  employer       text,
  work_place     text CHECK (work_place IN ('local','in_province','out_of_province')),
  monthly_income_fen bigint CHECK (monthly_income_fen >= 0),
  note           text,
  recorded_by    bigint,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (person_id, period)
);

-- Reveals of full ID numbers: reason and daily quota per user.
CREATE TABLE id_reveals (
  id         bigserial PRIMARY KEY,
  user_id    bigint NOT NULL,
  person_id  bigint NOT NULL,
  reason     text NOT NULL,
  at         timestamptz NOT NULL
);
CREATE INDEX id_reveals_user_idx ON id_reveals (user_id, at);

-- Import jobs: one row per input row processed lands in persons or the problems list;
-- `jobs.done` advances in the same transaction as each chunk, so a crash resumes exactly.
CREATE TABLE import_problems (
  id        bigserial PRIMARY KEY,
  job_id    bigint NOT NULL REFERENCES jobs(id),
  row_no    integer NOT NULL,
  col       text NOT NULL,
  value     text NOT NULL,
  message   text NOT NULL,
  code      text NOT NULL,
  UNIQUE (job_id, row_no, code, col)
);
