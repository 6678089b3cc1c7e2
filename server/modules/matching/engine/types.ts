/**
 * Types of the precise-matching engine (精准识别 precise matching, contracts.md §2).
 *
 * The engine is pure: no I/O. The CLI streams files into it, the application streams
 * database rows into it; both see the same tiers, scores and explanations.
 */

/** Outcome tiers, exactly as contracts.md §2 names them. */
export type MatchTier = 'exact' | 'corrected_id' | 'fuzzy' | 'conflict' | 'none';

export const MATCH_TIERS: readonly MatchTier[] = ['exact', 'corrected_id', 'fuzzy', 'conflict', 'none'];

/** 贫困状态 poverty status of a registry person. */
export type PovertyStatus = '未脱贫' | '已脱贫' | '监测对象';

/** One registry person (建档立卡贫困人口) as the builder receives it: raw cell strings. */
export interface RegistryPersonInput {
  /** 身份证号 (18 digits, or a legacy 15-digit number; cleaned and validated by the builder). */
  idNumber: string;
  /** 姓名 */
  name: string;
  /** 户编号 household number (kept verbatim, cleaned). */
  household?: string | null;
  /** 所在地区代码: 6-digit county or 12-digit village code (GB/T 2260 + town/village). */
  regionCode?: string | null;
  /** 贫困状态; a few spellings are understood (see normalizePovertyStatus). */
  povertyStatus?: string | null;
}

/**
 * What the builder did with one registry person. A repeated ID number is detected in
 * finish() (the first row wins; counted in RegistryBuildStats.duplicates), so add() says
 * 'added' for it.
 */
export type AddOutcome = 'added' | 'invalid_id';

/** One record to check (学籍 school enrolment or training real-name record): raw cell strings. */
export interface MatchRecordInput {
  /** 姓名 */
  name: string;
  /** 身份证号 (may be empty, mistyped, 15-digit, garbage). */
  idNumber: string;
  /** 性别 (optional). */
  gender?: string | null;
  /** 出生日期 (optional): YYYY-MM-DD, YYYY/M/D, YYYYMMDD, YYYY年M月D日 or an Excel serial. */
  birthDate?: string | null;
  /** 所在地区代码 (optional). */
  regionCode?: string | null;
}

/** The engine's verdict for one record. */
export interface MatchResult {
  tier: MatchTier;
  /** The registry person's 18-digit ID number (for exact, corrected_id, fuzzy, conflict). */
  registryId: string | null;
  /** 户编号 of that person. */
  household: string | null;
  /** 贫困状态 of that person. */
  povertyStatus: PovertyStatus | null;
  /** In [0, 1]: how sure the engine is that the record is this registry person. */
  confidence: number;
  /** 需人工复核: always for fuzzy and conflict, and for corrected_id below the auto-accept threshold. */
  needsReview: boolean;
  /** Chinese explanation for the reviewer, e.g. "身份证号第7位录入错误（3→8），姓名一致". */
  explanation: string;
  /** Position of the person in the index (-1 when none): lets the application join back. */
  registryIndex: number;
}

/** Tunable thresholds (configuration; the defaults are DEFAULT_MATCH_CONFIG). */
export interface MatchConfig {
  /** corrected_id at or above this confidence is auto-accepted (需人工复核 否). */
  autoAcceptThreshold: number;
  /** fuzzy candidates below this confidence are reported as none. */
  fuzzyThreshold: number;
  /** Names never fuzzily matched on name alone (simplified characters). */
  commonNames: readonly string[];
  /** A name occurring at least max(commonNameMinCount, commonNameFraction × registry size) times in the registry is common too. */
  commonNameMinCount: number;
  commonNameFraction: number;
  /** 'YYYY-MM-DD' (China Standard Time) for ID birth-date checks; default today. */
  today?: string;
}

/** Decision counts the builder reports (the CLI prints them on stderr). */
export interface RegistryBuildStats {
  rows: number;
  added: number;
  duplicates: number;
  invalidIds: number;
  /** Rows whose 15-digit ID was converted to 18 digits. */
  legacy15: number;
  /** Rows whose name could not be normalised (stored leniently; they never match on name). */
  invalidNames: number;
}
