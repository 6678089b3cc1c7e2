/** GET /api/v1/reports/:name (contracts.md §4): scope, 合计 rows, masking, downloads, errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/test-app.ts';
import { testDbKinds } from '../../test/databases.ts';
import type { ReportOutput } from '../../../common/schemas/reports.ts';

/** Sums the numeric cells of `col` over the rows. */
function columnSum(r: ReportOutput, col: string): number {
  const i = r.columns.indexOf(col);
  return r.rows.reduce((s, row) => s + Number(row[i] || 0), 0);
}

describe.each(testDbKinds())('report API on %s', (kind) => {
  let t: TestApp;
  let zx: Session;
  let city: Session;
  let school: Session;
  let institution: Session;

  beforeAll(async () => {
    t = await createTestApp(kind);
    zx = await loginAs(t, 'demo-zhenxiong');
    city = await loginAs(t, 'demo-city');
    school = await loginAs(t, 'demo-school');
    institution = await loginAs(t, 'demo-institution');
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = (s: Session | null, url: string) => t.app.inject({ method: 'GET', url, headers: s ? { cookie: s.cookie } : {} });

  it('shows a county user only the sub-regions of the county, with a 合计 row equal to the sum', async () => {
    const res = await get(zx, '/api/v1/reports/training-progress');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<ReportOutput>();
    expect(r.region.code).toBe('530627');
    expect(r.columns.slice(0, 3)).toEqual(['序号', '地区', '区划代码']);
    expect(r.rows.length).toBeGreaterThan(1);
    for (const row of r.rows) expect(row[2].startsWith('530627')).toBe(true);
    expect(r.total[0]).toBe('合计');
    for (const col of ['培训人次', '结业人数', '取得证书人数', '重点群体就业人数']) {
      expect(Number(r.total[r.columns.indexOf(col)])).toBe(columnSum(r, col));
    }
    expect(Number(r.total[r.columns.indexOf('培训人次')])).toBeGreaterThan(0);
    expect(r.noSource).toContain('年度培训目标(人次)');
  });

  it('gives a city user one row per county and lets it narrow to a county', async () => {
    const all = (await get(city, '/api/v1/reports/thousand-schools-progress')).json<ReportOutput>();
    const codes = all.rows.map((row) => row[2]);
    expect(codes).toContain('530627');
    expect(codes).toContain('530621');
    const zxRow = all.rows.find((row) => row[2] === '530627');
    const zxOnly = (await get(city, '/api/v1/reports/thousand-schools-progress?region=530627')).json<ReportOutput>();
    expect(zxOnly.total.slice(3)).toEqual(zxRow?.slice(3));
    const padded = await get(city, '/api/v1/reports/thousand-schools-progress?region=530600');
    expect(padded.json<ReportOutput>().total).toEqual(all.total);
  });

  it('answers 404 for a region outside the caller scope', async () => {
    expect((await get(zx, '/api/v1/reports/training-progress?region=530621')).statusCode).toBe(404);
    expect((await get(zx, '/api/v1/reports/training-progress?region=5306')).statusCode).toBe(404);
    expect((await get(city, '/api/v1/reports/registration-summary?region=520102')).statusCode).toBe(404);
  });

  it('masks ID numbers in the registration summary and lists only the caller county', async () => {
    const r = (await get(zx, '/api/v1/reports/registration-summary')).json<ReportOutput>();
    expect(r.columns).toEqual(['序号', '姓名', '性别', '民族', '扶贫卡编号', '身份证号', '联系电话', '家庭详细地址', '拟就读技工院校']);
    expect(r.rows.length).toBeGreaterThan(0);
    for (const row of r.rows) {
      expect(row[5]).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      expect(row[7]).toContain('镇雄县');
    }
    const n = await t.database.db
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('region_code', 'like', '530627%')
      .where('poverty_status', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(r.total[1]).toBe(`共${Number(n.n)}人`);
  });

  it('downloads xlsx and csv files, and audits an unmasked export', async () => {
    const xlsx = await get(zx, '/api/v1/reports/school-progress?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const csv = await get(zx, '/api/v1/reports/registration-summary?format=csv&unmasked=1');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    const firstRow = csv.body.split('\r\n')[1].split(',');
    expect(firstRow[5]).toMatch(/^\d{17}[\dX]$/);
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'reports.export_unmasked').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_name).toBeTruthy();
    expect(audit[0].region_code).toBe('530627');
  });

  it('refuses an unmasked export to a role without that permission', async () => {
    const res = await get(school, '/api/v1/reports/registration-summary?format=csv&unmasked=1');
    expect(res.statusCode).toBe(403);
    expect((await get(school, '/api/v1/reports/school-progress')).statusCode).toBe(200);
  });

  it('rejects a missing session, a role without reports.read and invalid input', async () => {
    expect((await get(null, '/api/v1/reports/training-progress')).statusCode).toBe(401);
    expect((await get(institution, '/api/v1/reports/training-progress')).statusCode).toBe(403);
    for (const url of [
      '/api/v1/reports/unknown-report',
      '/api/v1/reports/training-progress?year=abc',
      '/api/v1/reports/training-progress?year=1800',
      '/api/v1/reports/training-progress?half=3',
      '/api/v1/reports/training-progress?region=5306x',
      '/api/v1/reports/training-progress?region=530',
      '/api/v1/reports/training-progress?format=pdf',
    ]) {
      const res = await get(zx, url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json<{ error: { code: string; message: string } }>().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('restricts the period to a half year', async () => {
    const year = (await get(zx, '/api/v1/reports/training-progress')).json<ReportOutput>();
    const h1 = (await get(zx, `/api/v1/reports/training-progress?year=${year.year}&half=1`)).json<ReportOutput>();
    const h2 = (await get(zx, `/api/v1/reports/training-progress?year=${year.year}&half=2`)).json<ReportOutput>();
    expect(h1.periodLabel).toBe(`${year.year}年上半年`);
    const i = year.columns.indexOf('培训人次');
    expect(Number(h1.total[i]) + Number(h2.total[i])).toBe(Number(year.total[i]));
  });
});
