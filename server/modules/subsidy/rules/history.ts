/**
 * History index (已享受补贴记录): per person, the facts of `people` (groups, student periods)
 * and the approved subsidies the checks look at — one Map from person id to one state
 * object, so every check costs one lookup plus a scan of that one person's few records (a
 * person has at most a handful of trainings a year), never a scan of the batch. Claims
 * approved during the evaluation are added at once, so later lines and claims see them
 * (contracts.md §3). Redeemed vouchers are a Set.
 *
 * Records are flat number arrays (yyyymmdd date keys, training-type bits, [year, count]
 * pairs), created only when a person has something: no per-check allocation. The Map holds
 * people and history subjects, well under V8's ≈16.7M-entry limit for any batch that fits
 * in memory as JSON.
 */
import { TRAINING_TYPES, type TrainingType } from '../policy-set.schema.ts';
import { BatchInputError, type BatchPerson, type HistoryEntry } from './batch.schema.ts';
import { dateKey, yearOfKey } from './calendar.ts';

/** Bit of a training type, for type sets as bit masks. */
export const TRAINING_TYPE_BIT: Readonly<Record<TrainingType, number>> = Object.fromEntries(TRAINING_TYPES.map((t, i) => [t, 1 << i])) as Record<TrainingType, number>;

/** Bit mask of a list of training types. */
export function typeMask(types: readonly TrainingType[]): number {
  let mask = 0;
  for (const t of types) mask |= TRAINING_TYPE_BIT[t];
  return mask;
}

/** One person: facts from `people` and approved subsidies. */
export interface PersonState {
  /** The person's entry in `people`, null when the batch has none. */
  facts: BatchPerson | null;
  /** Belongs to a group eligible for the living allowance (computed once per person). */
  livingEligible: boolean;
  /** Student periods as pairs [fromKey, toKey, …], null when none. */
  studentPeriods: number[] | null;
  /** Approved trainings as triples [startKey, endKey, typeBit, …]. */
  trainings: number[] | null;
  /** Trainings counting toward the yearly cap, as pairs [year, count, …]. */
  capped: number[] | null;
  /** Living allowances as pairs [year, count, …]. */
  living: number[] | null;
  /** Apprenticeship subsidies as pairs [year, count, …]. */
  apprenticeship: number[] | null;
  /** Work-as-training subsidies received, ever. */
  workAsTraining: number;
}

function countIn(pairs: number[] | null, year: number): number {
  if (pairs === null) return 0;
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === year) return pairs[i + 1];
  return 0;
}

function increment(pairs: number[] | null, year: number): number[] {
  if (pairs === null) return [year, 1];
  for (let i = 0; i < pairs.length; i += 2) {
    if (pairs[i] === year) {
      pairs[i + 1]++;
      return pairs;
    }
  }
  pairs.push(year, 1);
  return pairs;
}

/** True when the person has an approved training overlapping [start, end], ends included. */
export function hasOverlappingTraining(s: PersonState, start: number, end: number): boolean {
  const t = s.trainings;
  if (t === null) return false;
  for (let i = 0; i < t.length; i += 3) if (t[i] <= end && t[i + 1] >= start) return true;
  return false;
}

/** Approved trainings ending within [from, to] whose type is not in `excludedMask`. */
export function trainingsEndingWithin(s: PersonState, from: number, to: number, excludedMask: number): number {
  const t = s.trainings;
  if (t === null) return 0;
  let n = 0;
  for (let i = 0; i < t.length; i += 3) if (t[i + 1] >= from && t[i + 1] <= to && (t[i + 2] & excludedMask) === 0) n++;
  return n;
}

/** Approved trainings counting toward the yearly cap that end in `year`. */
export function cappedTrainingsIn(s: PersonState, year: number): number {
  return countIn(s.capped, year);
}

/** Living allowances approved for `year`. */
export function livingAllowancesIn(s: PersonState, year: number): number {
  return countIn(s.living, year);
}

/** Apprenticeship subsidies approved for `year`. */
export function apprenticeshipsIn(s: PersonState, year: number): number {
  return countIn(s.apprenticeship, year);
}

export interface HistoryRules {
  /** Training types counting toward the yearly cap. */
  cappedMask: number;
  /** Whether work-as-training counts toward it (003 三(三): no). */
  workAsTrainingCapped: boolean;
  /** Groups eligible for the living allowance. */
  livingGroups: ReadonlySet<string>;
}

function newState(facts: BatchPerson | null): PersonState {
  return { facts, livingEligible: false, studentPeriods: null, trainings: null, capped: null, living: null, apprenticeship: null, workAsTraining: 0 };
}

export class HistoryIndex {
  private readonly people = new Map<string, PersonState>();
  private readonly vouchers = new Set<string>();

  private constructor(private readonly rules: HistoryRules) {}

  /**
   * Builds the index from the batch's `people` and `history`. Throws BatchInputError for a
   * person id listed twice in `people`.
   */
  static build(people: readonly BatchPerson[], entries: readonly HistoryEntry[], rules: HistoryRules): HistoryIndex {
    const index = new HistoryIndex(rules);
    const map = index.people;
    for (let i = 0; i < people.length; i++) {
      const p = people[i];
      if (map.has(p.id)) throw new BatchInputError(`people[${i}].id`, `人员编号重复（与 people[${people.findIndex((x) => x.id === p.id)}] 相同）`);
      const s = newState(p);
      for (const g of p.groups) if (rules.livingGroups.has(g)) s.livingEligible = true;
      if (p.student_periods.length > 0) s.studentPeriods = p.student_periods.flatMap((sp) => [dateKey(sp.from), dateKey(sp.to)]);
      map.set(p.id, s);
    }
    for (const e of entries) {
      switch (e.kind) {
        case 'training':
          index.addTraining(index.stateOf(e.person, index.get(e.person)), TRAINING_TYPE_BIT[e.training_type], dateKey(e.class_start), dateKey(e.class_end));
          break;
        case 'living_allowance':
          index.addLivingAllowance(index.stateOf(e.person, index.get(e.person)), yearOfKey(dateKey(e.date)));
          break;
        case 'work_as_training':
          // A history entry without a date still blocks a second subsidy (once per worker);
          // it can only count toward a yearly cap when dated.
          index.addWorkAsTraining(index.stateOf(e.person, index.get(e.person)), e.date === undefined ? null : yearOfKey(dateKey(e.date)));
          break;
        case 'voucher_redeemed':
          index.redeemVoucher(e.voucher);
          break;
        case 'apprenticeship':
          index.addApprenticeship(index.stateOf(e.person, index.get(e.person)), e.year);
          break;
        default: {
          const never: never = e;
          throw new Error(`unknown history kind ${JSON.stringify(never)}`);
        }
      }
    }
    return index;
  }

  /** The person's state, or undefined when the person is neither in `people` nor has history. */
  get(person: string): PersonState | undefined {
    return this.people.get(person);
  }

  /**
   * The person's state for adding to: `current` is the caller's fresh `get(person)` result
   * (so an existing state costs no second lookup); a missing state is created.
   */
  stateOf(person: string, current: PersonState | undefined): PersonState {
    if (current !== undefined) return current;
    const s = newState(null);
    this.people.set(person, s);
    return s;
  }

  isVoucherRedeemed(voucher: string): boolean {
    return this.vouchers.has(voucher);
  }

  redeemVoucher(voucher: string): void {
    this.vouchers.add(voucher);
  }

  /** Records an approved training (dates as yyyymmdd keys). */
  addTraining(s: PersonState, typeBit: number, start: number, end: number): void {
    if (s.trainings === null) s.trainings = [start, end, typeBit];
    else s.trainings.push(start, end, typeBit);
    if ((typeBit & this.rules.cappedMask) !== 0) s.capped = increment(s.capped, yearOfKey(end));
  }

  addLivingAllowance(s: PersonState, year: number): void {
    s.living = increment(s.living, year);
  }

  /** Records a work-as-training subsidy (year null when unknown). */
  addWorkAsTraining(s: PersonState, year: number | null): void {
    s.workAsTraining++;
    if (this.rules.workAsTrainingCapped && year !== null) s.capped = increment(s.capped, year);
  }

  addApprenticeship(s: PersonState, year: number): void {
    s.apprenticeship = increment(s.apprenticeship, year);
  }
}
