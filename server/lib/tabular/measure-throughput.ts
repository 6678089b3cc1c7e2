/**
 * Throughput of openTable (not a test): generates a 9-column registry CSV and XLSX in the
 * temp folder and reads them back in a child process (so that peak RSS is the reader's
 * own), three runs each, printing the median rows/s.
 *
 *   npx tsx server/lib/tabular/measure-throughput.ts [csvRows=1000000] [xlsxRows=200000]
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { makeChineseName, makeIdNumber, makeRng } from '../../test/fake-people.ts';
import { openTable } from './index.ts';

const HEADER = ['序号', '姓名', '性别', '民族', '扶贫卡编号', '身份证号', '联系电话', '家庭详细地址', '拟就读技工院校'];

function* people(n: number): Generator<string[]> {
  const rng = makeRng(1);
  for (let i = 1; i <= n; i++) {
    const male = rng() < 0.5;
    yield [
      String(i),
      makeChineseName(rng),
      male ? '男' : '女',
      rng() < 0.8 ? '汉族' : '彝族',
      `KP${String(i).padStart(10, '0')}`,
      makeIdNumber({ gender: male ? '男' : '女' }, rng),
      `13${String(Math.floor(rng() * 1e9)).padStart(9, '0')}`,
      `云南省昭通市镇雄县乌峰镇${i % 100}村${i}号`,
      '昭通技师学院',
    ];
  }
}

async function writeCsv(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  let buf = '\ufeff' + HEADER.join(',') + '\r\n';
  for (const row of people(n)) {
    buf += row.join(',') + '\r\n';
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

async function writeXlsx(path: string, n: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('登记表');
  ws.addRow(HEADER).commit();
  for (const row of people(n)) ws.addRow(row).commit();
  ws.commit();
  await wb.commit();
}

async function readRows(path: string): Promise<number> {
  const t = await openTable(path);
  let n = 0;
  for await (const batch of t.rows()) n += batch.length;
  return n;
}

/** Child-process mode: read one file three times, print JSON. Peak RSS is this process's own. */
async function measureHere(path: string, expected: number): Promise<void> {
  const rates: number[] = [];
  let peakRss = 0;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    const n = await readRows(path);
    const s = (performance.now() - t0) / 1000;
    if (n !== expected) throw new Error(`read ${n} rows, expected ${expected}`);
    rates.push(n / s);
  }
  clearInterval(timer);
  console.log(JSON.stringify({ rates, peakRss }));
}

function measure(label: string, path: string, expected: number): void {
  const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--read', path, String(expected)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { rates, peakRss } = JSON.parse(out.trim().split('\n').pop() as string) as { rates: number[]; peakRss: number };
  rates.sort((a, b) => a - b);
  const mb = (statSync(path).size / 1024 ** 2).toFixed(1);
  const fmt = (r: number): string => Math.round(r).toLocaleString('en');
  console.log(
    `${label}: ${expected.toLocaleString('en')} rows, ${mb} MB — median ${fmt(rates[1])} rows/s ` +
      `(runs: ${rates.map(fmt).join(', ')}), peak RSS ${(peakRss / 1024 ** 2).toFixed(0)} MB`,
  );
}

if (process.argv[2] === '--read') {
  await measureHere(process.argv[3], Number(process.argv[4]));
} else {
  const csvRows = Number(process.argv[2] ?? 1_000_000);
  const xlsxRows = Number(process.argv[3] ?? 200_000);
  const dir = mkdtempSync(join(tmpdir(), 'jineng-throughput-'));
  try {
    const csv = join(dir, 'registry.csv');
    await writeCsv(csv, csvRows);
    measure('CSV  openTable', csv, csvRows);
    const xlsx = join(dir, 'registry.xlsx');
    await writeXlsx(xlsx, xlsxRows);
    measure('XLSX openTable (ExcelJS writer, shared strings)', xlsx, xlsxRows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
