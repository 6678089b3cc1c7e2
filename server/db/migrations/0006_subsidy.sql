-- Subsidies (补贴): policy sets as data, claims with evidence, multi-level review, exactly-once
-- payment (unique payment per claim + conditional transitions + idempotency keys), recoveries.

CREATE TABLE policy_sets (
  id             text NOT NULL,
  version        integer NOT NULL,
  name           text NOT NULL,
  region_code    text NOT NULL COLLATE "C",
  based_on       text,
  document       jsonb NOT NULL,
  status         text NOT NULL CHECK (status IN ('draft','published')),
  created_by     bigint,
  created_at     timestamptz NOT NULL DEFAULT now(),
  published_by   bigint,
  published_at   timestamptz,
  PRIMARY KEY (id, version)
);

-- A published version is immutable.
CREATE FUNCTION policy_sets_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'published policy set versions are immutable' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER policy_sets_no_change BEFORE UPDATE OR DELETE ON policy_sets
  FOR EACH ROW EXECUTE FUNCTION policy_sets_immutable();

CREATE TABLE claims (
  id                 bigserial PRIMARY KEY,
  province_code      text NOT NULL COLLATE "C",
  region_code        text NOT NULL COLLATE "C",
  kind               text NOT NULL CHECK (kind IN ('training','living_allowance','work_as_training','direct_enterprise','apprenticeship','student_aid')),
  claimant_org_id    bigint REFERENCES organisations(id),
  claimant_user_id   bigint NOT NULL,
  class_id           bigint REFERENCES classes(id),
  person_id          bigint REFERENCES persons(id),
  policy_set_id      text NOT NULL,
  policy_version     integer NOT NULL DEFAULT 1,
  facts              jsonb NOT NULL DEFAULT '{}'::jsonb,     -- claimed figures (rates, wage, standard…)
  status             text NOT NULL CHECK (status IN ('submitted','in_review','approved','rejected','withdrawn')),
  review_level       integer NOT NULL DEFAULT 0,              -- index into the policy set's review levels
  evaluation         jsonb,                                   -- latest evaluator result for this claim
  requested_fen      bigint NOT NULL DEFAULT 0,
  approved_fen       bigint,
  version            integer NOT NULL DEFAULT 1,
  submitted_at       timestamptz NOT NULL,
  decided_at         timestamptz
);
CREATE INDEX claims_region_idx ON claims (region_code text_pattern_ops, status);
CREATE INDEX claims_class_idx ON claims (class_id);
CREATE INDEX claims_person_idx ON claims (person_id);

CREATE TABLE claim_reviews (
  id           bigserial PRIMARY KEY,
  claim_id     bigint NOT NULL REFERENCES claims(id),
  level        text NOT NULL,
  reviewer_id  bigint NOT NULL,
  decision     text NOT NULL CHECK (decision IN ('approve','reject')),
  comment      text,
  evaluation   jsonb,
  at           timestamptz NOT NULL
);
CREATE INDEX claim_reviews_claim_idx ON claim_reviews (claim_id);

CREATE TABLE claim_attachments (
  id             bigserial PRIMARY KEY,
  claim_id       bigint NOT NULL REFERENCES claims(id),
  evidence_kind  text NOT NULL,        -- plan / sign_in / video / roster / other
  stored_name    text NOT NULL UNIQUE,
  original_name  text NOT NULL,
  mime           text NOT NULL,
  size_bytes     bigint NOT NULL,
  sha256         text NOT NULL,
  uploaded_by    bigint,
  uploaded_at    timestamptz NOT NULL
);

-- Exactly one payment per claim, whatever the concurrency.
CREATE TABLE payments (
  id             bigserial PRIMARY KEY,
  claim_id       bigint NOT NULL UNIQUE REFERENCES claims(id),
  province_code  text NOT NULL COLLATE "C",
  region_code    text NOT NULL COLLATE "C",
  payee          text NOT NULL,
  amount_fen     bigint NOT NULL CHECK (amount_fen >= 0),
  status         text NOT NULL CHECK (status IN ('scheduled','paid')),
  created_at     timestamptz NOT NULL,
  created_by     bigint,
  paid_at        timestamptz,
  voucher_no     text
);

CREATE TABLE recoveries (
  id           bigserial PRIMARY KEY,
  claim_id     bigint NOT NULL REFERENCES claims(id),
  payment_id   bigint NOT NULL REFERENCES payments(id),
  amount_fen   bigint NOT NULL CHECK (amount_fen > 0),
  reason       text NOT NULL,
  created_by   bigint,
  created_at   timestamptz NOT NULL
);

-- Idempotency-Key replay store for money-moving requests.
CREATE TABLE idempotency_keys (
  key           text NOT NULL,
  user_id       bigint NOT NULL,
  request_hash  text NOT NULL,
  status_code   integer NOT NULL,
  response      jsonb NOT NULL,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (user_id, key)
);
