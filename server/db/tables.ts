/** Row types of every table, for Kysely. Keep in step with migrations/. */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GenTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = Record<string, unknown>> = ColumnType<T, T | string, T | string>;

export interface RegionsTable {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  province_code: string;
}

export interface OrganisationsTable {
  id: Generated<number>;
  kind: string;
  name: string;
  region_code: string;
  province_code: string;
  credit_code: string | null;
  status: Generated<string>;
  created_at: GenTimestamp;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  region_code: string;
  org_id: number | null;
  person_id: number | null;
  status: Generated<string>;
  must_change_password: Generated<boolean>;
  created_at: GenTimestamp;
  updated_at: GenTimestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  ip: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  username: string;
  ip: string | null;
  success: boolean;
  at: Timestamp;
}

export interface AuditHeadTable {
  id: number;
  last_seq: number;
  last_hash: string;
}

export interface AuditLogTable {
  seq: number;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  region_code: string | null;
  ip: string | null;
  detail: Json;
  prev_hash: string;
  hash: string;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  status: string;
  created_by: number | null;
  region_code: string | null;
  org_id: number | null;
  total: number | null;
  done: Generated<number>;
  params: Json;
  result: Json | null;
  error: string | null;
  created_at: GenTimestamp;
  updated_at: GenTimestamp;
  finished_at: Timestamp | null;
}

export type PovertyStatus = 'registered_poor' | 'lifted_out_of_poverty' | 'monitored_at_risk';

export interface HouseholdsTable {
  id: Generated<number>;
  province_code: string;
  household_no: string;
  poverty_card_no: string | null;
  region_code: string | null;
  address: string | null;
  poverty_status: PovertyStatus | null;
  monitoring_flags: ColumnType<string[], string | undefined, string>;
  created_at: GenTimestamp;
  updated_at: GenTimestamp;
}

export interface PersonsTable {
  id: Generated<number>;
  province_code: string;
  id_hash: string;
  id_enc: string;
  id_head: string;
  id_tail: string;
  name: string;
  name_pinyin: string;
  name_initials: string;
  gender: string;
  birth_date: string;
  nationality: string;
  phone: string | null;
  address: string;
  region_code: string;
  household_id: number | null;
  relation_to_head: string | null;
  poverty_card_no: string | null;
  education: string | null;
  employment_status: string | null;
  training_wish: string | null;
  study_wish: string | null;
  labour_ability: string | null;
  school_wish: string | null;
  remark: string | null;
  poverty_status: PovertyStatus | null;
  source: Generated<string>;
  import_job_id: number | null;
  version: Generated<number>;
  created_at: GenTimestamp;
  updated_at: GenTimestamp;
}

export interface PersonChangesTable {
  id: Generated<number>;
  person_id: number;
  province_code: string;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string | null;
  source: string;
  job_id: number | null;
  changes: Json<Record<string, [unknown, unknown]>>;
}

export interface IncomeMonitoringTable {
  id: Generated<number>;
  person_id: number;
  province_code: string;
  period: string;
  employed: boolean;
  employer: string | null;
  work_place: string | null;
  monthly_income_fen: number | null;
  note: string | null;
  recorded_by: number | null;
  recorded_at: GenTimestamp;
}

export interface IdRevealsTable {
  id: Generated<number>;
  user_id: number;
  person_id: number;
  reason: string;
  at: Timestamp;
}

export interface ImportProblemsTable {
  id: Generated<number>;
  job_id: number;
  row_no: number;
  col: string;
  value: string;
  message: string;
  code: string;
}

export interface OccupationsTable {
  code: string;
  gbt6565: string | null;
  name: string;
  category: string;
  key_industry: boolean;
}

export interface OccupationStandardsTable {
  id: Generated<number>;
  region_code: string;
  year: number;
  occupation_code: string;
  level: number | null;
  cert_type: string;
  standard_fen: number;
  key_industry: boolean;
  effective_from: string;
  created_by: number | null;
  created_at: GenTimestamp;
  note: string | null;
}

export interface InstitutionProfilesTable {
  org_id: number;
  license_no: string | null;
  credit_code: string | null;
  approved_occupations: ColumnType<string[], string[] | undefined, string[]>;
  contact_name: string | null;
  contact_phone: string | null;
  status: Generated<string>;
  status_reason: string | null;
  status_since: string | null;
}

export interface ClassesTable {
  id: Generated<number>;
  province_code: string;
  region_code: string;
  org_id: number;
  name: string;
  occupation_code: string;
  level: number | null;
  training_type: 'employment_skills' | 'post_skills' | 'entrepreneurship' | 'apprenticeship' | 'work_as_training';
  key_group: boolean;
  mode: string;
  start_date: string;
  end_date: string;
  venue: string;
  teachers: string;
  planned_size: number;
  standard_fen: number | null;
  status: 'draft' | 'filed' | 'approved' | 'rejected';
  filed_at: Timestamp | null;
  reviewed_by: number | null;
  reviewed_at: Timestamp | null;
  review_comment: string | null;
  flagged: Generated<boolean>;
  version: Generated<number>;
  created_at: GenTimestamp;
}

export interface VouchersTable {
  id: Generated<number>;
  province_code: string;
  code: string;
  person_id: number;
  region_code: string;
  issued_at: Timestamp;
  expires_on: string;
  redeemed_at: Timestamp | null;
  redeemed_class_id: number | null;
}

export interface ClassTraineesTable {
  id: Generated<number>;
  province_code: string;
  class_id: number;
  person_id: number;
  enrolled_at: Timestamp;
  channel: 'institution' | 'online';
  registered_before_start: boolean;
  voucher_id: number | null;
  status: Generated<'enrolled' | 'completed' | 'dropped'>;
  passed: boolean | null;
  assessed_at: Timestamp | null;
}

export interface ClassSessionsTable {
  id: Generated<number>;
  class_id: number;
  session_date: string;
  title: string | null;
  qr_secret: string;
  opened_at: Timestamp | null;
  closed_at: Timestamp | null;
}

export interface AttendanceTable {
  id: Generated<number>;
  session_id: number;
  class_trainee_id: number;
  method: 'qr' | 'rollcall';
  at: Timestamp;
  recorded_by: number | null;
}

export interface SpotChecksTable {
  id: Generated<number>;
  class_id: number;
  checker_id: number;
  checked_on: string;
  present: number | null;
  expected: number | null;
  findings: Json<string[]>;
  note: string | null;
  created_at: GenTimestamp;
}

export interface CertificatesTable {
  id: Generated<number>;
  province_code: string;
  person_id: number;
  class_id: number | null;
  cert_type: string;
  level: number | null;
  cert_no: string;
  issued_on: string;
  issuer: string;
}

export interface EmploymentRecordsTable {
  id: Generated<number>;
  province_code: string;
  person_id: number;
  class_id: number | null;
  employer: string | null;
  start_date: string;
  monthly_wage_fen: number | null;
  place: string;
  self_employed: boolean;
  recorded_by: number | null;
  recorded_at: GenTimestamp;
}

export interface SatisfactionSurveysTable {
  id: Generated<number>;
  class_id: number;
  person_id: number;
  score: number;
  comment: string | null;
  at: Timestamp;
}

export interface PolicySetsTable {
  id: string;
  version: number;
  name: string;
  region_code: string;
  based_on: string | null;
  document: Json<Record<string, unknown>>;
  status: 'draft' | 'published';
  created_by: number | null;
  created_at: GenTimestamp;
  published_by: number | null;
  published_at: Timestamp | null;
}

export type ClaimKind = 'training' | 'living_allowance' | 'work_as_training' | 'direct_enterprise' | 'apprenticeship' | 'student_aid';
export type ClaimStatus = 'submitted' | 'in_review' | 'approved' | 'rejected' | 'withdrawn';

export interface ClaimsTable {
  id: Generated<number>;
  province_code: string;
  region_code: string;
  kind: ClaimKind;
  claimant_org_id: number | null;
  claimant_user_id: number;
  class_id: number | null;
  person_id: number | null;
  policy_set_id: string;
  policy_version: Generated<number>;
  facts: Json<Record<string, unknown>>;
  status: ClaimStatus;
  review_level: Generated<number>;
  evaluation: Json<Record<string, unknown>> | null;
  requested_fen: Generated<number>;
  approved_fen: number | null;
  version: Generated<number>;
  submitted_at: Timestamp;
  decided_at: Timestamp | null;
}

export interface ClaimReviewsTable {
  id: Generated<number>;
  claim_id: number;
  level: string;
  reviewer_id: number;
  decision: 'approve' | 'reject';
  comment: string | null;
  evaluation: Json<Record<string, unknown>> | null;
  at: Timestamp;
}

export interface ClaimAttachmentsTable {
  id: Generated<number>;
  claim_id: number;
  evidence_kind: string;
  stored_name: string;
  original_name: string;
  mime: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: number | null;
  uploaded_at: Timestamp;
}

export interface PaymentsTable {
  id: Generated<number>;
  claim_id: number;
  province_code: string;
  region_code: string;
  payee: string;
  amount_fen: number;
  status: 'scheduled' | 'paid';
  created_at: Timestamp;
  created_by: number | null;
  paid_at: Timestamp | null;
  voucher_no: string | null;
}

export interface RecoveriesTable {
  id: Generated<number>;
  claim_id: number;
  payment_id: number;
  amount_fen: number;
  reason: string;
  created_by: number | null;
  created_at: Timestamp;
}

export interface IdempotencyKeysTable {
  key: string;
  user_id: number;
  request_hash: string;
  status_code: number;
  response: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface PovertySnapshotsTable {
  id: Generated<number>;
  province_code: string;
  source: string;
  file_name: string;
  imported_at: Timestamp;
  imported_by: number | null;
  row_count: Generated<number>;
  invalid_rows: Generated<number>;
  is_current: Generated<boolean>;
}

export interface PovertyRegistryTable {
  snapshot_id: number;
  row_no: number;
  province_code: string;
  id_hash: string | null;
  id_enc: string;
  name: string;
  household_no: string | null;
  relation: string | null;
  region_code: string | null;
  status_text: string | null;
}

export interface MatchRunsTable {
  id: Generated<number>;
  snapshot_id: number;
  scope: 'registry' | 'training';
  region_code: string;
  started_by: number | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  status: 'running' | 'succeeded' | 'failed';
  total: Generated<number>;
  done: Generated<number>;
  counts: Json<Record<string, number>>;
  error: string | null;
}

export interface MatchResultsTable {
  id: Generated<number>;
  run_id: number;
  person_id: number;
  org_id: number | null;
  class_id: number | null;
  region_code: string;
  tier: 'exact' | 'corrected_id' | 'fuzzy' | 'conflict' | 'none';
  registry_row_no: number | null;
  registry_name: string | null;
  registry_household: string | null;
  poverty_status: string | null;
  confidence: number;
  needs_review: boolean;
  explanation: string;
  review_status: 'auto' | 'pending' | 'accepted' | 'rejected' | 'none';
  reviewed_by: number | null;
  reviewed_at: Timestamp | null;
  review_reason: string | null;
}

export interface DB {
  poverty_snapshots: PovertySnapshotsTable;
  poverty_registry: PovertyRegistryTable;
  match_runs: MatchRunsTable;
  match_results: MatchResultsTable;
  policy_sets: PolicySetsTable;
  claims: ClaimsTable;
  claim_reviews: ClaimReviewsTable;
  claim_attachments: ClaimAttachmentsTable;
  payments: PaymentsTable;
  recoveries: RecoveriesTable;
  idempotency_keys: IdempotencyKeysTable;
  occupations: OccupationsTable;
  occupation_standards: OccupationStandardsTable;
  institution_profiles: InstitutionProfilesTable;
  classes: ClassesTable;
  vouchers: VouchersTable;
  class_trainees: ClassTraineesTable;
  class_sessions: ClassSessionsTable;
  attendance: AttendanceTable;
  spot_checks: SpotChecksTable;
  certificates: CertificatesTable;
  employment_records: EmploymentRecordsTable;
  satisfaction_surveys: SatisfactionSurveysTable;
  households: HouseholdsTable;
  persons: PersonsTable;
  person_changes: PersonChangesTable;
  income_monitoring: IncomeMonitoringTable;
  id_reveals: IdRevealsTable;
  import_problems: ImportProblemsTable;
  regions: RegionsTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  audit_head: AuditHeadTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type PersonRow = Selectable<PersonsTable>;
export type ClassRow = Selectable<ClassesTable>;
export type ClaimRow = Selectable<ClaimsTable>;
