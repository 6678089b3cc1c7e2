/**
 * `npm run bench -- policy [--claims N] [--runs R] [--seed S] [--no-validate]`
 *
 * Generates a batch of N claims (default 1,000,000) with realistic per-person history —
 * training classes with rosters (employment-skills, post-skills, entrepreneurship, key-group
 * and not; registration, completion, results, employment, vouchers), earlier trainings,
 * living allowances, work-as-training and apprenticeship subsidies, redeemed vouchers,
 * blacklisted institutions, enterprises with wage arrears or poor samples — then runs
 * `evaluateClaims` R times (default 3) and prints the median, plus one run of the input
 * validation (`parseClaimBatch`) and of the output serialisation for the CLI's full cost.
 * Target (quality): ≥ 400,000 claims/s, a 1M-claim batch ≤ 5 s in one process.
 */
import { availableParallelism, loadavg } from 'node:os';
import { getBuiltinPolicySet } from '../server/modules/subsidy/policy-sets/index.ts';
import { evaluateClaims, parseClaimBatch, type EvaluationResult } from '../server/modules/subsidy/rules/index.ts';
import type { ClaimBatch } from '../server/modules/subsidy/rules/batch.schema.ts';
import type { TrainingType } from '../server/modules/subsidy/policy-set.schema.ts';

interface BenchArgs {
  claims: number;
  runs: number;
  seed: number;
  validate: boolean;
}

function parseBenchArgs(args: string[]): BenchArgs {
  const a: BenchArgs = { claims: 1_000_000, runs: 3, seed: 20210616, validate: true };
  for (let i = 0; i < args.length; i++) {
    const k = args[i];
    const v = (): number => {
      const n = Number(args[++i]);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${k} 需要正数`);
      return Math.floor(n);
    };
    if (k === '--claims') a.claims = v();
    else if (k === '--runs') a.runs = v();
    else if (k === '--seed') a.seed = v();
    else if (k === '--no-validate') a.validate = false;
    else throw new Error(`未知参数 ${k}`);
  }
  return a;
}

/** mulberry32: small, fast, deterministic. */
function makeRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
/** Shaanxi county codes (GB/T 2260) for plausible ID numbers. */
const COUNTIES = ['610102', '610112', '610124', '610322', '610423', '610524', '610626', '610727', '610824', '610923', '611022', '610429'];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function makeIdNumber(rnd: () => number, seq: number): string {
  const county = COUNTIES[Math.floor(rnd() * COUNTIES.length)];
  const birth = `${1965 + Math.floor(rnd() * 40)}${pad(1 + Math.floor(rnd() * 12), 2)}${pad(1 + Math.floor(rnd() * 28), 2)}`;
  const body = `${county}${birth}${pad(seq % 1000, 3)}`;
  let s = 0;
  for (let i = 0; i < 17; i++) s += (body.charCodeAt(i) - 48) * WEIGHTS[i];
  return body + CHECK[s % 11];
}

function dateIn(rnd: () => number, year: number, fromMonth = 1, toMonth = 12): string {
  const m = fromMonth + Math.floor(rnd() * (toMonth - fromMonth + 1));
  return `${year}-${pad(m, 2)}-${pad(1 + Math.floor(rnd() * 28), 2)}`;
}

function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const GROUPS = ['lifted_out_of_poverty', 'employment_difficulty', 'zero_employment_family', 'rural_graduate_not_continuing', 'urban_low_income_family', 'migrant_worker', 'two_after_student', 'laid_off_unemployed', 'veteran', 'college_graduate', 'enrolled_student'];
const CLASS_TYPES: TrainingType[] = ['employment_skills', 'employment_skills', 'employment_skills', 'post_skills', 'post_skills', 'entrepreneurship', 'apprenticeship'];

/** Generates a realistic batch of `n` claims (deterministic for a seed). */
export function generateBatch(n: number, seed: number): ClaimBatch {
  const rnd = makeRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const chance = (p: number): boolean => rnd() < p;

  const nPeople = Math.max(100, Math.floor(n * 0.4));
  const people = new Array<ClaimBatch['people'][number]>(nPeople);
  const ids = new Array<string>(nPeople);
  const seen = new Set<string>();
  for (let i = 0; i < nPeople; i++) {
    let id = makeIdNumber(rnd, i);
    while (seen.has(id)) id = makeIdNumber(rnd, i);
    seen.add(id);
    ids[i] = id;
    const groups: string[] = [];
    if (chance(0.45)) groups.push('lifted_out_of_poverty');
    if (chance(0.3)) groups.push(pick(GROUPS));
    const student_periods = chance(0.08) ? [{ from: `${2019 + Math.floor(rnd() * 2)}-09-01`, to: `${2022 + Math.floor(rnd() * 2)}-07-01` }] : [];
    people[i] = { id, groups, student_periods };
  }

  const nInstitutions = Math.max(10, Math.floor(n / 500));
  const institutions: ClaimBatch['institutions'] = [];
  for (let i = 0; i < nInstitutions; i++) institutions.push({ id: `I${i}`, blacklisted_since: chance(0.01) ? dateIn(rnd, 2021) : null });
  const nEnterprises = Math.max(10, Math.floor(n / 50));
  const enterprises: ClaimBatch['enterprises'] = [];
  for (let i = 0; i < nEnterprises; i++) {
    const checked = 5 + Math.floor(rnd() * 20);
    const unaware = chance(0.05) ? Math.ceil(checked * 0.25) : Math.floor(rnd() * checked * 0.15);
    enterprises.push({ id: `E${i}`, wage_arrears_since_2020: chance(0.03), classified: chance(0.05), sample: chance(0.9) ? { checked, unaware } : null });
  }

  // Earlier approved subsidies and redeemed vouchers.
  const history: ClaimBatch['history'] = [];
  let voucherSeq = 0;
  for (let i = 0; i < nPeople; i++) {
    const trainings = Math.floor(rnd() * rnd() * 4);
    for (let k = 0; k < trainings; k++) {
      const start = dateIn(rnd, 2019 + Math.floor(rnd() * 3), 1, 11);
      history.push({ kind: 'training', person: ids[i], training_type: pick(CLASS_TYPES), class_start: start, class_end: addDays(start, 5 + Math.floor(rnd() * 25)) });
    }
    if (chance(0.1)) history.push({ kind: 'living_allowance', person: ids[i], date: dateIn(rnd, 2020 + Math.floor(rnd() * 2)) });
    if (chance(0.05)) history.push({ kind: 'work_as_training', person: ids[i], date: dateIn(rnd, 2020) });
    if (chance(0.03)) history.push({ kind: 'apprenticeship', person: ids[i], year: 2020 + Math.floor(rnd() * 2) });
    if (chance(0.05)) history.push({ kind: 'voucher_redeemed', voucher: `V${voucherSeq++}` });
  }
  const redeemedVouchers = voucherSeq;

  // Classes with rosters: one per training or direct claim (a few claimed twice).
  const nClasses = Math.max(5, Math.floor(n * 0.12));
  const classes = new Array<ClaimBatch['classes'][number]>(nClasses);
  for (let c = 0; c < nClasses; c++) {
    const type = pick(CLASS_TYPES);
    const start = dateIn(rnd, 2021, 1, 11);
    const size = 10 + Math.floor(rnd() * 21);
    const trainees = new Array<ClaimBatch['classes'][number]['trainees'][number]>(size);
    const poorClass = chance(0.15); // some classes miss the 30 % employment rate
    for (let t = 0; t < size; t++) {
      trainees[t] = {
        person: ids[Math.floor(rnd() * nPeople)],
        registered_before_start: chance(0.95),
        completed: chance(0.93),
        passed: chance(0.92),
        days_attended: Math.floor(rnd() * 60),
        employed: chance(poorClass ? 0.15 : 0.6),
        voucher: chance(0.2) ? (chance(0.05) && redeemedVouchers > 0 ? `V${Math.floor(rnd() * redeemedVouchers)}` : `V${voucherSeq++}`) : null,
      };
    }
    classes[c] = {
      id: `K${c}`,
      type,
      key_group: type !== 'post_skills' && chance(0.6),
      institution: pick(institutions).id,
      start,
      end: addDays(start, 5 + Math.floor(rnd() * 40)),
      standard: pick([600, 800, 1000, 1200, 1500, 1800, 2400]),
      trainees,
    };
  }

  const claims = new Array<ClaimBatch['claims'][number]>(n);
  let nextClass = 0;
  for (let i = 0; i < n; i++) {
    const id = `C${i}`;
    const date = dateIn(rnd, 2021, 6, 12);
    const r = rnd();
    if (r < 0.1) {
      const c = nextClass < nClasses && !chance(0.02) ? nextClass++ : Math.floor(rnd() * nClasses);
      claims[i] = { id, kind: 'training', class: classes[c].id, date };
    } else if (r < 0.12) {
      const c = nextClass < nClasses ? nextClass++ : Math.floor(rnd() * nClasses);
      const evidence = chance(0.9) ? ['plan', 'sign_in', 'video'] : ['plan', 'sign_in'];
      claims[i] = { id, kind: 'direct_enterprise', enterprise: pick(enterprises).id, class: classes[c].id, evidence, date };
    } else if (r < 0.62) {
      const cls = classes[Math.floor(rnd() * nClasses)];
      const person = chance(0.95) ? pick(cls.trainees).person : ids[Math.floor(rnd() * nPeople)];
      claims[i] = { id, kind: 'living_allowance', class: cls.id, person, living_per_day: chance(0.1) ? 25 : 20, transport_per_day: chance(0.1) ? 35.5 : 30, date };
    } else if (r < 0.85) {
      const certificate = chance(0.4) ? { level: pick([3, 4, 5]), standard: pick([800, 1200, 1500]), higher_than_before: chance(0.8) } : null;
      claims[i] = { id, kind: 'work_as_training', enterprise: pick(enterprises).id, person: ids[Math.floor(rnd() * nPeople)], standard: pick([500, 600, 800.15]), wage: chance(0.03) ? 1500 : 2200, min_wage: 1800, date, certificate };
    } else {
      claims[i] = { id, kind: 'apprenticeship', enterprise: pick(enterprises).id, person: ids[Math.floor(rnd() * nPeople)], year: 2021, standard: 4000, date };
    }
  }
  return { people, history, institutions, enterprises, classes, claims };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export async function run(args: string[]): Promise<void> {
  const a = parseBenchArgs(args);
  const policy = getBuiltinPolicySet('shaanxi-2021');
  if (!policy) throw new Error('shaanxi-2021 missing');

  let t = performance.now();
  const batch = generateBatch(a.claims, a.seed);
  const trainees = batch.classes.reduce((s, c) => s + c.trainees.length, 0);
  process.stderr.write(
    `生成 ${a.claims} 笔申报、${batch.people.length} 人、${batch.history.length} 条历史、${batch.classes.length} 个培训班（${trainees} 名学员），用时 ${((performance.now() - t) / 1000).toFixed(1)} 秒\n`,
  );

  const rows: string[][] = [];
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  let last: EvaluationResult | undefined;
  for (let r = 0; r < a.runs; r++) {
    last = undefined;
    const cpu0 = process.cpuUsage();
    t = performance.now();
    last = evaluateClaims(policy, batch);
    const s = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpu0);
    seconds.push(s);
    cpuSeconds.push((cpu.user + cpu.system) / 1e6);
    process.stderr.write(`第 ${r + 1} 次 evaluateClaims：${s.toFixed(3)} 秒（CPU ${((cpu.user + cpu.system) / 1e6).toFixed(3)} 秒）\n`);
  }
  const med = median(seconds);
  const result = last as EvaluationResult;
  const lines = result.results.reduce((s, x) => s + x.lines.length, 0);
  const decisions = { approved: 0, partial: 0, rejected: 0 };
  for (const x of result.results) decisions[x.decision]++;
  rows.push([`evaluateClaims (median of ${a.runs})`, String(a.claims), String(lines), med.toFixed(3), median(cpuSeconds).toFixed(3), Math.round(a.claims / med).toLocaleString('en-US'), peakRssMb().toFixed(0)]);

  if (a.validate) {
    // The generated batch is plain JSON data already (a JSON round trip of 1M claims would
    // exceed V8's string limit), so Zod sees what the CLI would hand it.
    t = performance.now();
    parseClaimBatch(batch as unknown);
    const s = (performance.now() - t) / 1000;
    rows.push(['parseClaimBatch (Zod, once)', String(a.claims), '', s.toFixed(3), '', Math.round(a.claims / s).toLocaleString('en-US'), peakRssMb().toFixed(0)]);
  }
  t = performance.now();
  const out = JSON.stringify(result);
  const s = (performance.now() - t) / 1000;
  rows.push(['JSON.stringify result (once)', String(a.claims), `${(out.length / 1e6).toFixed(0)} MB`, s.toFixed(3), '', Math.round(a.claims / s).toLocaleString('en-US'), peakRssMb().toFixed(0)]);

  const header = ['step', 'claims', 'lines', 'seconds', 'CPU s', 'claims/s', 'peak RSS MB'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const fmt = (row: string[]): string => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`${fmt(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(fmt).join('\n')}\n`);
  process.stdout.write(`decisions: approved ${decisions.approved}, partial ${decisions.partial}, rejected ${decisions.rejected}\n`);
  // Wall-clock figures are only meaningful on an otherwise idle machine: show the load.
  process.stdout.write(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs\n`);
}
