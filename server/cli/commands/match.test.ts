import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidId18 } from '../../../common/id-number.ts';
import { makeIdNumber } from '../../test/fake-people.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'jineng.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function jineng(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 60_000, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function summary(r: Run): Record<string, number> {
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Record<string, number>;
}

/** Minimal RFC 4180 reader for the output (BOM stripped, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\ufeff/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && s[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function mistype(valid: string, pos: number): string {
  for (let x = 0; x <= 9; x++) {
    const v = valid.slice(0, pos) + String(x) + valid.slice(pos + 1);
    if (v !== valid && !isValidId18(v)) return v;
  }
  throw new Error('no invalid variant');
}

const A = makeIdNumber({ region: '530627', birthDate: '1990-05-12', gender: '男', seq: 11 });
const B = makeIdNumber({ region: '530621', birthDate: '1985-01-02', gender: '女', seq: 22 });
const C = makeIdNumber({ region: '530627', birthDate: '1966-03-15', gender: '男', seq: 33 });
const W = makeIdNumber({ region: '530627', birthDate: '1995-09-09', gender: '男', seq: 44 });

const REG_HEADER = ['身份证号', '姓名', '性别', '户编号', '与户主关系', '所在地区代码', '贫困状态'];
const REG_ROWS = [
  [A, '张晓明', '男', '5306270010010001', '户主', '530627100200', '未脱贫'],
  [B, '刘桂芬', '女', '5306210020010001', '户主', '530621', '已脱贫'],
  [C, '陈德福', '男', '5306270030010001', '户主', '530627', '监测对象'],
  [W, '王伟', '男', '5306270040010001', '户主', '530627', '未脱贫'],
  ['53062719900512001', '无效号', '男', 'X', '户主', '530627', '未脱贫'],
];

const REC_HEADER = ['记录编号', '姓名', '身份证号', '性别', '出生日期', '所在地区代码', '单位'];
const REC_ROWS = [
  ['R1', '张晓明', A, '', '', '', '昭通技师学院'],
  ['R2', '李四', A, '', '', '', ''],
  ['R3', '张晓明', mistype(A, 8), '', '', '', ''],
  ['R4', '陈德福', C.slice(0, 6) + C.slice(8, 17), '', '', '', ''],
  ['R5', '劉桂芬', '', '女', '1985-01-02', '530621', '某校,二部'],
  ['R6', '王伟', '', '男', '1995-09-09', '530627', ''],
  ['R7', '###', 'N/A', '', 'unknown', '', ''],
  ['=R8', '张晓明', A.toLowerCase(), '', '', '', ''],
];
const EXPECTED_TIERS = ['exact', 'conflict', 'corrected_id', 'corrected_id', 'fuzzy', 'none', 'none', 'exact'];

function csv(header: string[], rows: string[][], eol = '\r\n', bom = true): string {
  const q = (c: string): string => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return (bom ? '\ufeff' : '') + [header, ...rows].map((r) => r.map(q).join(',')).join(eol) + eol;
}

async function xlsx(path: string, header: string[], rows: string[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(path);
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jineng-match-'));
  writeFileSync(join(dir, 'reg.csv'), csv(REG_HEADER, REG_ROWS));
  writeFileSync(join(dir, 'rec.csv'), csv(REC_HEADER, REC_ROWS, '\n', false));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('jineng match', () => {
  it('writes one row per record in order with the contract columns, and a summary line', async () => {
    const out = join(dir, 'out.csv');
    const r = await jineng(['match', '--registry', join(dir, 'reg.csv'), '--records', join(dir, 'rec.csv'), '--out', out]);
    expect(r.code).toBe(0);
    const s = summary(r);
    expect(Object.keys(s)).toEqual(['records', 'exact', 'corrected_id', 'fuzzy', 'conflict', 'none', 'seconds']);
    expect(s).toMatchObject({ records: 8, exact: 2, corrected_id: 2, fuzzy: 1, conflict: 1, none: 2 });
    expect(r.stderr).toContain('身份证号无效 1 行');

    const raw = readFileSync(out);
    expect(raw.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = raw.toString('utf8');
    expect(text.split('\r\n')[0]).toBe('\ufeff记录编号,匹配结果,登记身份证号,户编号,贫困状态,置信度,需人工复核,说明');
    const rows = parseCsv(text);
    expect(rows).toHaveLength(9);
    const data = rows.slice(1);
    expect(data.map((row) => row[0])).toEqual(['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', "'=R8"]);
    expect(data.map((row) => row[1])).toEqual(EXPECTED_TIERS);
    for (const row of data) {
      expect(row).toHaveLength(8);
      const conf = Number(row[5]);
      expect(conf).toBeGreaterThanOrEqual(0);
      expect(conf).toBeLessThanOrEqual(1);
      expect(['是', '否']).toContain(row[6]);
      expect(row[7].length).toBeGreaterThan(0);
      if (row[1] === 'fuzzy' || row[1] === 'conflict') expect(row[6]).toBe('是');
      if (row[1] === 'exact') expect(row[6]).toBe('否');
    }
    expect(data[0]).toEqual(['R1', 'exact', A, '5306270010010001', '未脱贫', '1', '否', '身份证号和姓名与登记一致']);
    expect(data[2].slice(1, 5)).toEqual(['corrected_id', A, '5306270010010001', '未脱贫']);
    expect(data[2][7]).toContain('第9位录入错误');
    expect(data[3].slice(1, 5)).toEqual(['corrected_id', C, '5306270030010001', '监测对象']);
    expect(data[4].slice(2, 5)).toEqual([B, '5306210020010001', '已脱贫']);
    expect(data[5][7]).toContain('常见姓名');
    expect(data[6][2]).toBe('');
  });

  it('reads GBK, XLSX and TSV inputs the same way', async () => {
    const base = join(dir, 'base.csv');
    await jineng(['match', '--registry', join(dir, 'reg.csv'), '--records', join(dir, 'rec.csv'), '--out', base]);
    const expected = readFileSync(base, 'utf8');

    writeFileSync(join(dir, 'reg-gbk.csv'), iconv.encode(csv(REG_HEADER, REG_ROWS, '\r\n', false), 'gbk'));
    writeFileSync(join(dir, 'rec-gbk.csv'), iconv.encode(csv(REC_HEADER, REC_ROWS, '\r\n', false), 'gbk'));
    const gbk = join(dir, 'gbk.csv');
    const r1 = await jineng(['match', '--registry', join(dir, 'reg-gbk.csv'), '--records', join(dir, 'rec-gbk.csv'), '--out', gbk]);
    expect(r1.code).toBe(0);
    expect(readFileSync(gbk, 'utf8')).toBe(expected);

    await xlsx(join(dir, 'reg.xlsx'), REG_HEADER, REG_ROWS);
    await xlsx(join(dir, 'rec.xlsx'), REC_HEADER, REC_ROWS);
    const fromXlsx = join(dir, 'xlsx.csv');
    const r2 = await jineng(['match', '--registry', join(dir, 'reg.xlsx'), '--records', join(dir, 'rec.xlsx'), '--out', fromXlsx]);
    expect(r2.code).toBe(0);
    expect(readFileSync(fromXlsx, 'utf8')).toBe(expected);

    const tsv = (h: string[], rows: string[][]): string => [h, ...rows].map((r) => r.join('\t')).join('\n') + '\n';
    writeFileSync(join(dir, 'reg.tsv'), tsv(REG_HEADER, REG_ROWS));
    writeFileSync(join(dir, 'rec.tsv'), tsv(REC_HEADER, REC_ROWS.map((r) => r.map((c) => c.replace(',', '，')))));
    const fromTsv = join(dir, 'tsv.csv');
    const r3 = await jineng(['match', '--registry', join(dir, 'reg.tsv'), '--records', join(dir, 'rec.tsv'), '--out', fromTsv]);
    expect(r3.code).toBe(0);
    expect(parseCsv(readFileSync(fromTsv, 'utf8')).map((r) => r[1])).toEqual(parseCsv(expected).map((r) => r[1]));
  }, 60_000);

  it('parses tricky CSV exactly like the generic table reader (blank rows, quotes, CR line ends)', async () => {
    // Same content as .csv (byte-level fast path) and .txt (openTable path): outputs must agree.
    const lines = [
      '\ufeff 记录编号 ,姓名,身份证号,出生日期,所在地区代码',
      '',
      `"Q,1","张晓明","${A}",,`,
      ',,,,',
      `"Q""2",李四,${A},,`,
      `"Q\n3",张晓明,"${A}"x,,`,
      `Q4,刘桂芬,,1985/1/2,530621\rQ5,"陈德福",${C},,`,
      `Q6,王伟`,
    ];
    const content = lines.join('\r\n');
    writeFileSync(join(dir, 'tricky.csv'), content);
    writeFileSync(join(dir, 'tricky.txt'), content);
    const o1 = join(dir, 'tricky-out1.csv');
    const o2 = join(dir, 'tricky-out2.csv');
    const r1 = await jineng(['match', '--registry', join(dir, 'reg.csv'), '--records', join(dir, 'tricky.csv'), '--out', o1]);
    const r2 = await jineng(['match', '--registry', join(dir, 'reg.csv'), '--records', join(dir, 'tricky.txt'), '--out', o2]);
    expect(r1.code).toBe(0);
    expect(r2.code).toBe(0);
    const a = readFileSync(o1, 'utf8');
    expect(a).toBe(readFileSync(o2, 'utf8'));
    const rows = parseCsv(a).slice(1);
    expect(rows.map((r) => r[0])).toEqual(['Q,1', 'Q"2', 'Q\n3', 'Q4', 'Q5', 'Q6']);
    expect(rows.map((r) => r[1])).toEqual(['exact', 'conflict', 'corrected_id', 'fuzzy', 'exact', 'none']);
    expect(rows[2][7]).toContain('多录一位'); // `"ID"x` reads as the ID followed by x
  });

  it('exits 2 with a Chinese message for missing columns and unreadable files', async () => {
    writeFileSync(join(dir, 'bad-rec.csv'), csv(['编号', '姓名'], [['1', '张三']]));
    const r1 = await jineng(['match', '--registry', join(dir, 'reg.csv'), '--records', join(dir, 'bad-rec.csv'), '--out', join(dir, 'x.csv')]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('待比对记录文件缺少必需的列：记录编号、身份证号');
    expect(JSON.parse(r1.stdout.trim()).error.code).toBe('match.missing_columns');

    writeFileSync(join(dir, 'bad-reg.csv'), csv(['号码', '名字'], [['1', '张三']]));
    const r2 = await jineng(['match', '--registry', join(dir, 'bad-reg.csv'), '--records', join(dir, 'rec.csv'), '--out', join(dir, 'x.csv')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('登记库文件缺少必需的列：身份证号、姓名');

    const r3 = await jineng(['match', '--registry', join(dir, 'nope.csv'), '--records', join(dir, 'rec.csv'), '--out', join(dir, 'x.csv')]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('文件不存在');

    writeFileSync(join(dir, 'empty.csv'), '');
    const r4 = await jineng(['match', '--registry', join(dir, 'reg.csv'), '--records', join(dir, 'empty.csv'), '--out', join(dir, 'x.csv')]);
    expect(r4.code).toBe(2);

    const r5 = await jineng(['match', '--registry', join(dir, 'reg.csv'), '--records', join(dir, 'rec.csv')]);
    expect(r5.code).toBe(2);
    expect(r5.stderr).toContain('--out');
  });

  it('writes an .xlsx output when asked', async () => {
    const out = join(dir, 'out.xlsx');
    const r = await jineng(['match', '--registry', join(dir, 'reg.csv'), '--records', join(dir, 'rec.csv'), '--out', out]);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(9);
    expect(ws.getRow(1).getCell(1).value).toBe('记录编号');
    expect(ws.getRow(2).getCell(2).value).toBe('exact');
  });
});
