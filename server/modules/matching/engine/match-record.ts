/**
 * The matching tiers of contracts.md §2 for one record against a RegistryIndex.
 *
 * Order of decisions:
 * 1. exact / conflict — the record's ID number (cleaned) is valid and in the registry:
 *    names agree after normalisation (same characters, or same after traditional →
 *    simplified) → `exact`; any other name (homophones included: a different written name
 *    on the same ID is exactly what a conflict is) → `conflict`, never auto-accepted.
 *    A 15-digit legacy number converts to one registry ID: name agrees → `corrected_id`,
 *    differs → `conflict` (it is the same ID).
 * 2. corrected_id — the number is invalid or absent: every registry number one single error
 *    away (wrong check digit, one mistyped/unreadable digit confirmed by the check digit,
 *    adjacent swap, a digit left out or typed twice; for 15-digit numbers one typo) is looked
 *    up. Exactly one person explaining the number, with an agreeing name → `corrected_id`;
 *    auto-accepted when confidence ≥ autoAcceptThreshold. When two or more persons explain
 *    the number it is never auto-accepted: one of them with an agreeing name → corrected_id
 *    flagged for review (confidence ≤ 0.6); several with agreeing names → `none`.
 *    A number whose check character fits (valid but absent, or only its date/province
 *    wrong) cannot come from one error in place: one digit differs and the check character
 *    was recomputed — a single typing error (kind substitution_recomputed, auto-acceptable).
 *    An invalid number with no single-error candidate: one digit plus the check character
 *    wrong (two errors, substitution_and_check) — below the threshold, for review.
 * 3. fuzzy — no usable ID match: persons born on the record's birth day (出生日期 column, or
 *    the birth digits of a damaged ID number), same gender when known, same county (record's
 *    所在地区代码 or ID area code vs. the registry's 所在地区代码 or ID area code), and a name
 *    that agrees (same, traditional/simplified, homophone, accent near-homophone, one character
 *    in a 3+ character name). Exactly one such person → `fuzzy` (always for review); a common
 *    name is accepted only when the damaged ID number corroborates it (≤ 2 digits differ).
 * 4. none — with the reason.
 *
 * Confidence = base of the evidence × name score (NAME_SCORE) × corroboration (gender,
 * birth date, region columns that contradict the candidate each lower it).
 */
import { checkIdNumber, isValidId18 } from '../../../../common/id-number.ts';
import { normalizeGender } from '../../../../common/gender.ts';
import { parseBirthDay } from './birth-date.ts';
import {
  CHECK_VALUE_BY_RESIDUE,
  CORRECTION_BASE,
  ID_WEIGHTS,
  birthDayFromDigits,
  cleanIdText,
  forEachDoubleErrorCandidate,
  forEachLegacy15TypoCandidate,
  forEachSingleErrorCandidate,
  formatDayNumber,
  idDigits,
  isProvince,
  legacy15Key,
  type CandidateFilter,
  type CandidateSink,
  type IdCandidateKey,
} from './id-key.ts';
import { NAME_SCORE, compareNameKeys, describeAgreement, isStrongAgreement, nameKey, type NameAgreement, type NameKey } from './names.ts';
import type { RegistryIndex } from './registry-index.ts';
import { DAY_META_MALE, DAY_STRIDE, regionOfCell } from './registry-index.ts';
import type { MatchRecordInput, MatchResult, MatchTier } from './types.ts';

/** Confidence of an exact match by name agreement. */
const EXACT_CONFIDENCE = { same: 1, script: 0.99 } as const;
/** Base confidence of a fuzzy match before the name score. */
const FUZZY_BASE = 0.85;
/** Fuzzy and ambiguous corrections never reach this. */
const FUZZY_CAP = 0.89;
const AMBIGUOUS_CAP = 0.6;
/** Penalty factor for each contradicting gender / birth-date column. */
const CONTRADICTION = 0.85;
/** Penalty when the record's region column disagrees with the registry (people move). */
const REGION_MISMATCH = 0.97;

/** What the record tells besides name and ID. */
interface RecordFacts {
  name: NameKey;
  idText: string;
  gender: '男' | '女' | null;
  birthDay: number;
  regionCode: number;
  regionPrecision: number;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function noneResult(explanation: string): MatchResult {
  return { tier: 'none', registryId: null, household: null, povertyStatus: null, confidence: 0, needsReview: false, explanation, registryIndex: -1 };
}

function personResult(index: RegistryIndex, tier: MatchTier, p: number, confidence: number, needsReview: boolean, explanation: string): MatchResult {
  return {
    tier,
    registryId: index.idOf(p),
    household: index.householdOf(p),
    povertyStatus: index.povertyOf(p),
    confidence: round3(Math.min(1, Math.max(0, confidence))),
    needsReview,
    explanation,
    registryIndex: p,
  };
}

function stripDots(s: string): string {
  return s.indexOf('·') === -1 ? s : s.replace(/·/g, '');
}

/** Name agreement between the record and registry person p. */
function agreementWith(index: RegistryIndex, p: number, name: NameKey): NameAgreement {
  if (name.key === '') return 'different';
  if (index.nameEqualsKey(p, name.key)) return 'same';
  return compareNameKeys(name.key, stripDots(index.nameOf(p)));
}

/** Region agreement precision (6 county, 4 city, 0 none) of two coded regions. */
function regionAgreement(a: number, aPrec: number, b: number, bPrec: number): number {
  const prec = Math.min(aPrec, bPrec);
  if (prec < 4) return 0;
  const div = prec === 6 ? 1 : 100;
  return Math.floor(a / div) === Math.floor(b / div) ? prec : 0;
}

/** ID area code (first 6 digits) of an ID text when its province is real, else 0. */
function idAreaOfText(idText: string): number {
  if (idText.length < 15) return 0;
  let v = 0;
  for (let i = 0; i < 6; i++) {
    const d = idText.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 0;
    v = v * 10 + d;
  }
  return isProvince(Math.floor(v / 100000), Math.floor(v / 10000) % 10) ? v : 0;
}

/** Best region agreement between the record's hints and a registry person's region / ID area. */
function regionAgreementOf(regP: number, regPrec: number, areaP: number, facts: RecordFacts, idArea: number): number {
  let best = 0;
  if (facts.regionPrecision > 0) {
    best = Math.max(regionAgreement(facts.regionCode, facts.regionPrecision, regP, regPrec), regionAgreement(facts.regionCode, facts.regionPrecision, areaP, 6));
  }
  if (idArea > 0 && best < 6) {
    best = Math.max(best, regionAgreement(idArea, 6, regP, regPrec), regionAgreement(idArea, 6, areaP, 6));
  }
  return best;
}

/** Factor and notes for record columns (gender, birth date, region) that contradict person p. */
function corroboration(index: RegistryIndex, p: number, facts: RecordFacts): { factor: number; notes: string[] } {
  let factor = 1;
  const notes: string[] = [];
  if (facts.gender && facts.gender !== index.genderOf(p)) {
    factor *= CONTRADICTION;
    notes.push(`性别不一致（记录${facts.gender}，登记${index.genderOf(p)}）`);
  }
  if (facts.birthDay >= 0 && facts.birthDay !== index.birthDayOf(p)) {
    factor *= CONTRADICTION;
    notes.push(`出生日期不一致（记录${formatDayNumber(facts.birthDay)}，登记${formatDayNumber(index.birthDayOf(p))}）`);
  }
  if (facts.regionPrecision >= 4) {
    const agree = Math.max(
      regionAgreement(facts.regionCode, facts.regionPrecision, index.regionOf(p), index.regionPrecisionOf(p)),
      regionAgreement(facts.regionCode, facts.regionPrecision, index.idAreaOf(p), 6),
    );
    if (agree === 0 && index.regionPrecisionOf(p) >= 4) {
      factor *= REGION_MISMATCH;
      notes.push('所在地区与登记不同');
    }
  }
  return { factor, notes };
}

function describeCorrection(c: IdCandidateKey, registryId: string): string {
  const pos = c.pos + 1;
  switch (c.kind) {
    case 'legacy15':
      return '15位旧身份证号，转换为18位后与登记一致';
    case 'check_digit':
      return `身份证号校验码错误（应为${registryId[17]}）`;
    case 'substitution':
      return `身份证号第${pos}位录入错误（${c.typed ?? '?'}→${c.actual ?? '?'}）`;
    case 'transposition':
      return `身份证号第${pos}、${pos + 1}位颠倒`;
    case 'missing_digit':
      return c.pos === 17 ? '身份证号缺少末位校验码' : `身份证号漏录一位数字（第${pos}位）`;
    case 'extra_digit':
      return `身份证号多录一位数字（第${pos}位）`;
    case 'substitution_recomputed':
      return `身份证号第${pos}位录入错误（${c.typed ?? '?'}→${c.actual ?? '?'}），校验码随之不同`;
    case 'substitution_and_check':
      return `身份证号第${pos}位录入错误（${c.typed ?? '?'}→${c.actual ?? '?'}）且校验码不符`;
    case 'legacy15_typo':
      return c.typed ? `15位旧身份证号第${pos}位录入错误（${c.typed}→${c.actual ?? '?'}）` : `15位旧身份证号第${pos}、${pos + 1}位颠倒`;
  }
}

function joinNotes(notes: readonly string[]): string {
  return notes.filter((s) => s !== '').join('；');
}

/**
 * exact / conflict (or corrected_id for a converted 15-digit number) for a person found by
 * the full ID. `idText` is the record's normalised number when it equals the registry's.
 */
function byFoundId(index: RegistryIndex, p: number, facts: RecordFacts, legacy: boolean): MatchResult {
  const ag = agreementWith(index, p, facts.name);
  if (!legacy && ag === 'same') {
    // The common case, kept allocation-light: the registry ID is the record's own text.
    return {
      tier: 'exact',
      registryId: facts.idText,
      household: index.householdOf(p),
      povertyStatus: index.povertyOf(p),
      confidence: EXACT_CONFIDENCE.same,
      needsReview: false,
      explanation: '身份证号和姓名与登记一致',
      registryIndex: p,
    };
  }
  const regName = index.nameOf(p);
  if (legacy && ag !== 'different') {
    const cor = corroboration(index, p, facts);
    const c: IdCandidateKey = { hi: 0, lo: 0, kind: 'legacy15', pos: 0 };
    const conf = CORRECTION_BASE.legacy15 * NAME_SCORE[ag] * cor.factor;
    const review = conf < index.config.autoAcceptThreshold;
    return personResult(index, 'corrected_id', p, conf, review, joinNotes([describeCorrection(c, ''), describeAgreement(ag, facts.name.display, regName), ...cor.notes, review ? '需人工复核' : '']));
  }
  if (isStrongAgreement(ag)) {
    const conf = ag === 'same' ? EXACT_CONFIDENCE.same : EXACT_CONFIDENCE.script;
    return personResult(index, 'exact', p, conf, false, ag === 'same' ? '身份证号和姓名与登记一致' : `身份证号一致，${describeAgreement(ag, facts.name.display, regName)}`);
  }
  const prefix = legacy ? '15位旧身份证号转换后与登记一致' : '身份证号与登记一致';
  const why =
    facts.name.key === ''
      ? `${prefix}，但记录姓名为空或无效（登记姓名“${regName}”）`
      : ag === 'different'
        ? `${prefix}，但姓名不同（记录“${facts.name.display}”，登记“${regName}”）`
        : `${prefix}，但${describeAgreement(ag, facts.name.display, regName)}`;
  return personResult(index, 'conflict', p, 0.5 * NAME_SCORE[ag], true, `${why}，需人工核实是否同一人`);
}

/** Outcome of the correction step: a result, or notes for the fuzzy step. */
interface CorrectionOutcome {
  result: MatchResult | null;
  hits: number;
  note: string;
}

type CandidateGenerator = (text: string, filter: CandidateFilter | null, sink: CandidateSink) => void;

function forEachRecomputedCandidate(text: string, filter: CandidateFilter | null, sink: CandidateSink): void {
  forEachDoubleErrorCandidate(text, filter, sink, 'substitution_recomputed');
}

function resolveCorrections(index: RegistryIndex, generate: CandidateGenerator, facts: RecordFacts): CorrectionOutcome {
  // Registry persons hit by some variant, with the most plausible explanation for each.
  const hitP: number[] = [];
  const hitKey: IdCandidateKey[] = [];
  const text = facts.idText;
  generate(text, index.candidateFilter, (hi, lo, kind, pos, _typed, actual) => {
    const p = index.lookup(hi, lo);
    if (p < 0) return;
    const j = hitP.indexOf(p);
    if (j >= 0 && CORRECTION_BASE[hitKey[j].kind] >= CORRECTION_BASE[kind]) return;
    const key: IdCandidateKey = { hi, lo, kind, pos, typed: actual >= 0 ? text[pos] : undefined, actual: actual >= 0 ? String(actual) : undefined };
    if (j >= 0) hitKey[j] = key;
    else {
      hitP.push(p);
      hitKey.push(key);
    }
  });
  const hits = hitP.length;
  if (hits === 0) return { result: null, hits: 0, note: '' };
  const agreeing: { p: number; k: IdCandidateKey; ag: NameAgreement }[] = [];
  for (let j = 0; j < hits; j++) {
    const ag = agreementWith(index, hitP[j], facts.name);
    if (ag !== 'different') agreeing.push({ p: hitP[j], k: hitKey[j], ag });
  }
  if (agreeing.length === 0) {
    return { result: null, hits, note: `身份证号与${hits}名登记人员的号码只差一处，但姓名不一致` };
  }
  if (agreeing.length > 1) {
    return {
      result: noneResult(`身份证号无效或不在登记库中；有${agreeing.length}名姓名相符的登记人员的号码都只与它差一处，无法确定是谁`),
      hits,
      note: '',
    };
  }
  const { p, k, ag } = agreeing[0];
  const cor = corroboration(index, p, facts);
  let conf = CORRECTION_BASE[k.kind] * NAME_SCORE[ag] * cor.factor;
  // Two or more persons explain the number: never auto-accepted, whatever the threshold.
  const ambiguous = hits > 1;
  if (ambiguous) conf = Math.min(conf, AMBIGUOUS_CAP);
  const review = ambiguous || conf < index.config.autoAcceptThreshold;
  const notes = [describeCorrection(k, index.idOf(p)), describeAgreement(ag, facts.name.display, index.nameOf(p)), ...cor.notes];
  if (ambiguous) notes.push(`另有${hits - 1}名登记人员的号码也只与记录差一处（姓名不符），需人工确认`);
  else if (review) notes.push('需人工复核');
  return { result: personResult(index, 'corrected_id', p, conf, review, joinNotes(notes)), hits, note: '' };
}

/** The record's 17 leading digits (15-digit numbers converted) for ID corroboration, or null. */
function recordFirst17(idText: string): number[] | null {
  const d = idDigits(idText);
  if (d.length === 15) return [...d.slice(0, 6), 1, 9, ...d.slice(6)];
  if (d.length >= 17) return d.slice(0, 17);
  return null;
}

/** True when the record's damaged ID number differs from person p's in at most two of the first 17 digits. */
function idCorroborates(index: RegistryIndex, p: number, idText: string): boolean {
  const d = recordFirst17(idText);
  if (!d) return false;
  const reg = index.idOf(p);
  let diff = 0;
  for (let i = 0; i < 17; i++) if (d[i] !== reg.charCodeAt(i) - 48 && ++diff > 2) return false;
  return true;
}

/** Birth days to block on: the 出生日期 column and the birth digits of the ID text. */
function candidateDays(facts: RecordFacts): number[] {
  const days: number[] = [];
  addDay(days, facts.birthDay);
  const t = facts.idText;
  const d = idDigits(t);
  if (t.length === 18) addDay(days, birthDayFromDigits(d, 6));
  else if (t.length === 15) addDay(days, birthDayFromDigits([...d.slice(0, 6), 1, 9, ...d.slice(6)], 6));
  else if (t.length === 17) {
    addDay(days, birthDayFromDigits(d, 6));
    addDay(days, birthDayFromDigits(d, 5));
  } else if (t.length === 19) {
    addDay(days, birthDayFromDigits(d, 6));
    addDay(days, birthDayFromDigits(d, 7));
  }
  return days;
}

function addDay(days: number[], d: number): void {
  if (d >= 0 && !days.includes(d)) days.push(d);
}

function fuzzyMatch(index: RegistryIndex, facts: RecordFacts, notes: string[], idGender: '男' | '女' | null): MatchResult {
  if (facts.name.key === '') return noneResult(joinNotes([...notes, '姓名为空或无效，无法按姓名匹配']));
  const days = candidateDays(facts);
  if (days.length === 0) return noneResult(joinNotes([...notes, '没有可用于模糊匹配的出生日期']));
  const idArea = idAreaOfText(facts.idText);
  if (facts.regionPrecision < 4 && idArea === 0) return noneResult(joinNotes([...notes, '没有可用于模糊匹配的所在地区代码']));
  const gender = facts.gender ?? idGender;

  const cands: { p: number; ag: NameAgreement; region: number }[] = [];
  const wantMale = gender === '男' ? DAY_META_MALE : 0;
  for (const day of days) {
    const b = index.dayBlock(day);
    const data = b.data;
    for (let o = b.start * DAY_STRIDE; o < b.end * DAY_STRIDE; o += DAY_STRIDE) {
      const meta = data[o + 3];
      if (gender && (meta & DAY_META_MALE) !== wantMale) continue;
      const region = regionAgreementOf(data[o + 1], meta & 0x0f, data[o + 2], facts, idArea);
      if (region === 0) continue;
      const p = data[o];
      const ag = agreementWith(index, p, facts.name);
      if (ag === 'different') continue;
      cands.push({ p, ag, region });
    }
  }
  if (cands.length === 0) return noneResult(joinNotes([...notes, '未找到姓名、出生日期、性别、所在地区都相符的登记人员']));
  cands.sort((a, b) => NAME_SCORE[b.ag] - NAME_SCORE[a.ag]);
  const best = cands[0];
  const atBest = cands.filter((c) => c.ag === best.ag).length;
  if (atBest > 1 || (!isStrongAgreement(best.ag) && cands.length > 1)) {
    return noneResult(joinNotes([...notes, `有${cands.length}名登记人员的姓名、出生日期、性别和所在地区与记录相近，无法确定是谁`]));
  }
  const p = best.p;
  const regName = index.nameOf(p);
  const corroborated = idCorroborates(index, p, facts.idText);
  if (!corroborated && (index.isCommonName(facts.name.key) || index.isCommonName(stripDots(regName)))) {
    return noneResult(joinNotes([...notes, `“${facts.name.display}”是常见姓名，不能仅凭姓名、出生日期和地区认定为登记人员`]));
  }
  const cor = corroboration(index, p, facts);
  let conf = FUZZY_BASE * NAME_SCORE[best.ag] * cor.factor * (best.region === 6 ? 1 : 0.95);
  if (corroborated) conf += 0.04;
  conf = Math.min(conf, FUZZY_CAP, index.config.autoAcceptThreshold - 0.01);
  const evidence = joinNotes([
    corroborated ? '身份证号与登记只差一两位' : '',
    describeAgreement(best.ag, facts.name.display, regName),
    '出生日期、性别、所在地区相符',
    ...cor.notes,
  ]);
  if (conf < index.config.fuzzyThreshold) {
    return noneResult(joinNotes([...notes, `可能是登记人员“${regName}”（${evidence}），但把握不足`]));
  }
  return personResult(index, 'fuzzy', p, conf, true, joinNotes([...notes, `模糊匹配：${evidence}，需人工复核`]));
}

/** True when an 18-character text is 17 digits plus the check character they call for. */
function checkCharacterFits(t: string): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = t.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    sum += d * ID_WEIGHTS[i];
  }
  const c = t.charCodeAt(17);
  return (c === 0x58 ? 10 : c - 48) === CHECK_VALUE_BY_RESIDUE[sum % 11];
}

/** Matches one record against the index (the tiers are described at the top of this file). */
export function matchRecordAgainst(index: RegistryIndex, record: MatchRecordInput): MatchResult {
  const name = nameKey(record.name ?? '');
  const idText = cleanIdText(record.idNumber ?? '');
  const region = regionOfCell(record.regionCode);
  const facts: RecordFacts = {
    name,
    idText,
    gender: record.gender ? normalizeGender(record.gender) : null,
    birthDay: parseBirthDay(record.birthDate),
    regionCode: region.code,
    regionPrecision: region.precision,
  };
  const notes: string[] = [];
  if (!name.valid && name.key !== '') notes.push(`记录姓名含非汉字字符，按“${name.key}”比对`);
  let idGender: '男' | '女' | null = null;
  /** The check character fits the other 17 digits: no single error can explain the number. */
  let checksumFits = false;
  const len = idText.length;

  // 1. The full number.
  if (len === 18 && isValidId18(idText, index.todayInt)) {
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < 9; i++) hi = hi * 10 + idText.charCodeAt(i) - 48;
    for (let i = 9; i < 17; i++) lo = lo * 10 + idText.charCodeAt(i) - 48;
    const p = index.lookup(hi, lo);
    if (p >= 0) return byFoundId(index, p, facts, false);
    idGender = lo % 2 === 1 ? '男' : '女';
    checksumFits = true;
    notes.push('身份证号有效但不在登记库中');
  } else if (len === 15) {
    const key = legacy15Key(idText);
    if (key) {
      const p = index.lookup(key.hi, key.lo);
      if (p >= 0) return byFoundId(index, p, facts, true);
      notes.push('15位旧身份证号转换后不在登记库中');
    } else notes.push('15位身份证号含非数字字符');
  } else if (len === 0) {
    notes.push('无身份证号');
  } else if (len === 18) {
    const r = checkIdNumber(idText, index.config.today);
    notes.push(r.ok ? '身份证号无效' : r.message);
    // A wrong date or province with a fitting check character: one digit changed and the check recomputed.
    checksumFits = checkCharacterFits(idText);
  } else {
    notes.push(`身份证号位数不对（${len}位）`);
  }

  // 2. Corrections: single errors the check digit confirms, then (for review) two errors.
  if (len === 15 || len === 17 || len === 18 || len === 19) {
    let out: CorrectionOutcome = { result: null, hits: 0, note: '' };
    if (!checksumFits) out = resolveCorrections(index, len === 15 ? forEachLegacy15TypoCandidate : forEachSingleErrorCandidate, facts);
    if (out.result) return out.result;
    if (out.hits === 0 && len === 18) {
      out = resolveCorrections(index, checksumFits ? forEachRecomputedCandidate : forEachDoubleErrorCandidate, facts);
      if (out.result) return out.result;
    }
    if (out.note) notes.push(out.note);
  }

  // 3. Fuzzy.
  return fuzzyMatch(index, facts, notes, idGender);
}
