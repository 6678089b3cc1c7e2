-- Vocational training (职业培训): occupation catalog and standards, institution profiles,
-- classes filed before start, rosters, vouchers, sessions and attendance, spot checks,
-- certificates, employment follow-up, satisfaction. Every large table carries province_code.

CREATE TABLE occupations (
  code        text PRIMARY KEY,             -- our stable catalog code
  gbt6565     text,                         -- GB/T 6565-2015 (职业分类大典) code where known
  name        text NOT NULL UNIQUE,
  category    text NOT NULL,
  key_industry boolean NOT NULL DEFAULT false
);

-- Subsidy standard per region, year, occupation, level and certificate type, with history.
CREATE TABLE occupation_standards (
  id              bigserial PRIMARY KEY,
  region_code     text NOT NULL COLLATE "C",
  year            integer NOT NULL,
  occupation_code text NOT NULL REFERENCES occupations(code),
  level           smallint CHECK (level BETWEEN 1 AND 5),
  cert_type       text NOT NULL CHECK (cert_type IN ('vocational_qualification','skill_level','special_ability','completion')),
  standard_fen    bigint NOT NULL CHECK (standard_fen >= 0),
  key_industry    boolean NOT NULL DEFAULT false,
  effective_from  date NOT NULL,
  created_by      bigint,
  created_at      timestamptz NOT NULL DEFAULT now(),
  note            text
);
CREATE INDEX occupation_standards_lookup ON occupation_standards (region_code, year, occupation_code, cert_type, level, effective_from);

CREATE TABLE institution_profiles (
  org_id               bigint PRIMARY KEY REFERENCES organisations(id),
  license_no           text,
  credit_code          text,
  approved_occupations text[] NOT NULL DEFAULT '{}',
  contact_name         text,
  contact_phone        text,
  status               text NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended','blacklisted')),
  status_reason        text,
  status_since         date
);

CREATE TABLE classes (
  id               bigserial PRIMARY KEY,
  province_code    text NOT NULL COLLATE "C",
  region_code      text NOT NULL COLLATE "C",
  org_id           bigint NOT NULL REFERENCES organisations(id),
  name             text NOT NULL,
  occupation_code  text NOT NULL REFERENCES occupations(code),
  level            smallint CHECK (level BETWEEN 1 AND 5),
  training_type    text NOT NULL CHECK (training_type IN ('employment_skills','post_skills','entrepreneurship','apprenticeship','work_as_training')),
  key_group        boolean NOT NULL DEFAULT false,
  mode             text NOT NULL DEFAULT 'offline' CHECK (mode IN ('offline','online','blended')),
  start_date       date NOT NULL,
  end_date         date NOT NULL,
  venue            text NOT NULL,
  teachers         text NOT NULL,
  planned_size     integer NOT NULL CHECK (planned_size BETWEEN 1 AND 1000),
  standard_fen     bigint,
  status           text NOT NULL CHECK (status IN ('draft','filed','approved','rejected')),
  filed_at         timestamptz,
  reviewed_by      bigint,
  reviewed_at      timestamptz,
  review_comment   text,
  flagged          boolean NOT NULL DEFAULT false,
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date >= start_date)
);
CREATE INDEX classes_region_idx ON classes (region_code text_pattern_ops);
CREATE INDEX classes_org_idx ON classes (org_id);

CREATE TABLE vouchers (
  id            bigserial PRIMARY KEY,
  province_code text NOT NULL COLLATE "C",
  code          text NOT NULL UNIQUE,
  person_id     bigint NOT NULL REFERENCES persons(id),
  region_code   text NOT NULL COLLATE "C",
  issued_at     timestamptz NOT NULL,
  expires_on    date NOT NULL,
  redeemed_at   timestamptz,
  redeemed_class_id bigint REFERENCES classes(id)
);
CREATE INDEX vouchers_person_idx ON vouchers (person_id);

CREATE TABLE class_trainees (
  id                      bigserial PRIMARY KEY,
  province_code           text NOT NULL COLLATE "C",
  class_id                bigint NOT NULL REFERENCES classes(id),
  person_id               bigint NOT NULL REFERENCES persons(id),
  enrolled_at             timestamptz NOT NULL,
  channel                 text NOT NULL CHECK (channel IN ('institution','online')),
  registered_before_start boolean NOT NULL,
  voucher_id              bigint UNIQUE REFERENCES vouchers(id),
  status                  text NOT NULL DEFAULT 'enrolled' CHECK (status IN ('enrolled','completed','dropped')),
  passed                  boolean,
  assessed_at             timestamptz,
  UNIQUE (class_id, person_id)
);
CREATE INDEX class_trainees_person_idx ON class_trainees (person_id);

CREATE TABLE class_sessions (
  id            bigserial PRIMARY KEY,
  class_id      bigint NOT NULL REFERENCES classes(id),
  session_date  date NOT NULL,
  title         text,
  qr_secret     text NOT NULL,
  opened_at     timestamptz,
  closed_at     timestamptz,
  UNIQUE (class_id, session_date)
);

CREATE TABLE attendance (
  id                bigserial PRIMARY KEY,
  session_id        bigint NOT NULL REFERENCES class_sessions(id),
  class_trainee_id  bigint NOT NULL REFERENCES class_trainees(id),
  method            text NOT NULL CHECK (method IN ('qr','rollcall')),
  at                timestamptz NOT NULL,
  recorded_by       bigint,
  UNIQUE (session_id, class_trainee_id)
);

CREATE TABLE spot_checks (
  id          bigserial PRIMARY KEY,
  class_id    bigint NOT NULL REFERENCES classes(id),
  checker_id  bigint NOT NULL,
  checked_on  date NOT NULL,
  present     integer,
  expected    integer,
  findings    jsonb NOT NULL DEFAULT '[]'::jsonb,   -- ["absent_trainees","wrong_venue","fake_signins",…]
  note        text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE certificates (
  id          bigserial PRIMARY KEY,
  province_code text NOT NULL COLLATE "C",
  person_id   bigint NOT NULL REFERENCES persons(id),
  class_id    bigint REFERENCES classes(id),
  cert_type   text NOT NULL CHECK (cert_type IN ('vocational_qualification','skill_level','special_ability','completion')),
  level       smallint CHECK (level BETWEEN 1 AND 5),
  cert_no     text NOT NULL,
  issued_on   date NOT NULL,
  issuer      text NOT NULL,
  UNIQUE (cert_type, cert_no)
);
CREATE INDEX certificates_person_idx ON certificates (person_id);

CREATE TABLE employment_records (
  id             bigserial PRIMARY KEY,
  province_code  text NOT NULL COLLATE "C",
  person_id      bigint NOT NULL REFERENCES persons(id),
  class_id       bigint REFERENCES classes(id),
  employer       text,
  start_date     date NOT NULL,
  monthly_wage_fen bigint CHECK (monthly_wage_fen >= 0),
  place          text NOT NULL CHECK (place IN ('local','in_province','out_of_province')),
  self_employed  boolean NOT NULL DEFAULT false,
  recorded_by    bigint,
  recorded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX employment_person_idx ON employment_records (person_id, start_date);

CREATE TABLE satisfaction_surveys (
  id         bigserial PRIMARY KEY,
  class_id   bigint NOT NULL REFERENCES classes(id),
  person_id  bigint NOT NULL REFERENCES persons(id),
  score      smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment    text,
  at         timestamptz NOT NULL,
  UNIQUE (class_id, person_id)
);

-- Curated catalog of the occupations the seeds name (家政, 养老护理, 电工, 焊工, 电子商务, 育婴,
-- 中式烹调, 汽车维修, 农业技术…). GB/T 6565-2015 codes only where we are sure of them; a
-- province replaces or extends this list from its own published catalog.
INSERT INTO occupations (code, gbt6565, name, category, key_industry) VALUES
  ('OC001', '4-10-01-06', '家政服务员', '生活服务', false),
  ('OC002', '4-10-01-05', '养老护理员', '生活服务', true),
  ('OC003', '4-10-01-02', '育婴员', '生活服务', false),
  ('OC004', '4-10-01-03', '保育员', '生活服务', false),
  ('OC005', '4-03-02-01', '中式烹调师', '餐饮', false),
  ('OC006', '4-03-02-02', '中式面点师', '餐饮', false),
  ('OC007', NULL, '电工', '制造与建筑', true),
  ('OC008', NULL, '焊工', '制造与建筑', true),
  ('OC009', NULL, '电子商务师', '商贸', true),
  ('OC010', NULL, '汽车维修工', '交通运输', false),
  ('OC011', NULL, '农业技术员', '农业', false),
  ('OC012', NULL, '挖掘机驾驶员', '制造与建筑', false),
  ('OC013', NULL, '砌筑工', '制造与建筑', false),
  ('OC014', NULL, '美容师', '生活服务', false),
  ('OC015', NULL, '美发师', '生活服务', false),
  ('OC016', NULL, '茶叶加工工', '农业', false),
  ('OC017', NULL, '民族刺绣工（创业培训）', '手工艺', false),
  ('OC018', NULL, '创业培训（SYB）', '创业', false);
