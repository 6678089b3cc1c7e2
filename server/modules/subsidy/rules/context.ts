/**
 * What every claim evaluator receives: the compiled policy and the live history index (with
 * the people of the batch), and per-class facts computed once (dates as keys, standard in fen,
 * the employment-rate tier, a roster lookup).
 */
import type { BatchClass, Trainee } from './batch.schema.ts';
import { dateKey, yearOfKey } from './calendar.ts';
import type { CompiledPolicy, CompiledTier } from './compiled-policy.ts';
import { TRAINING_TYPE_BIT, type HistoryIndex } from './history.ts';
import { applyBasisPoints, ratioAtLeast, yuanToFen } from './money.ts';

export interface EvaluationContext {
  policy: CompiledPolicy;
  /** People's facts and approved subsidies, by person id. */
  history: HistoryIndex;
}

export interface ClassFacts {
  cls: BatchClass;
  start: number;
  end: number;
  /** Calendar year of the class's end: the year of every per-year rule. */
  endYear: number;
  typeBit: number;
  standardFen: number;
  /** Trainees registered before the start, completed and passed (counted for tiered classes only). */
  qualified: number;
  /** Qualified trainees who are employed (counted for tiered classes only). */
  employed: number;
  /** Employment-rate tier of a key-group class (梯级培训补贴), null when not tiered. */
  tier: CompiledTier | null;
  /** Fen paid for a line that passes every check (standard × tier factor). */
  lineFen: number;
  /** Person → first roster entry; built on first use for rosters longer than 64 (shorter ones are scanned: cheaper than building a Map). */
  roster: Map<string, Trainee> | null;
}

/** Facts of a class under a policy (once per class per evaluation). */
export function classFacts(cls: BatchClass, policy: CompiledPolicy): ClassFacts {
  const typeBit = TRAINING_TYPE_BIT[cls.type];
  const standardFen = yuanToFen(cls.standard);
  let qualified = 0;
  let employed = 0;
  let tier: CompiledTier | null = null;
  const p = policy.tier;
  // 003 三(二)、四(三): the tier applies to key-group employment/entrepreneurship classes
  // (only those need the roster counted); a class without qualified trainees has no rate
  // (and no line it could reduce).
  if ((!p.keyGroupOnly || cls.key_group) && (typeBit & p.typeMask) !== 0) {
    for (const t of cls.trainees) {
      if (t.registered_before_start && t.completed && t.passed) {
        qualified++;
        if (t.employed) employed++;
      }
    }
    if (qualified > 0) {
      tier = p.tiers[0];
      for (const candidate of p.tiers) if (ratioAtLeast(employed, qualified, candidate.minBasisPoints)) tier = candidate;
    }
  }
  const end = dateKey(cls.end);
  return {
    cls,
    start: dateKey(cls.start),
    end,
    endYear: yearOfKey(end),
    typeBit,
    standardFen,
    qualified,
    employed,
    tier,
    lineFen: tier === null ? standardFen : applyBasisPoints(standardFen, tier.factorBasisPoints),
    roster: null,
  };
}

/** The person's (first) entry on the class roster. */
export function findTrainee(facts: ClassFacts, person: string): Trainee | undefined {
  const trainees = facts.cls.trainees;
  if (trainees.length <= 64) {
    for (const t of trainees) if (t.person === person) return t;
    return undefined;
  }
  if (facts.roster === null) {
    const roster = new Map<string, Trainee>();
    for (const t of trainees) if (!roster.has(t.person)) roster.set(t.person, t);
    facts.roster = roster;
  }
  return facts.roster.get(person);
}
