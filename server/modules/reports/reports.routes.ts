/** Official report tables over HTTP (contracts.md §4): JSON preview or .xlsx/.csv download, in the caller's scope. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../common/errors.ts';
import { ReportParams, ReportQuery, type ReportOutput } from '../../../common/schemas/reports.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { actorOf } from '../../http/actor.ts';
import { buildReport, writeReport } from './reports.service.ts';

/** Rows in a JSON preview; the download holds every row. */
export const PREVIEW_ROWS = 500;

export function reportRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;
  const { pii } = deps;

  app.get('/api/v1/reports/:name', {
    config: { policy: 'reports.read' },
    schema: {
      tags: ['报表'],
      summary: '统计报表（本辖区；format=json 预览，xlsx/csv 下载）',
      params: ReportParams,
      querystring: ReportQuery,
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const q = req.query;
      const request = { name: req.params.name, year: q.year, half: q.half === undefined ? undefined : Number(q.half), region: q.region };
      if (q.format === 'json') {
        if (q.unmasked === '1') throw new AppError('validation.failed', '完整身份证号只能通过文件导出');
        const preview: ReportOutput = await buildReport({ db, pii, actor }, { ...request, limit: PREVIEW_ROWS });
        return preview;
      }
      const file = path.join(os.tmpdir(), `jineng-report-${randomBytes(6).toString('hex')}.${q.format}`);
      try {
        const report = await writeReport({ db, pii, actor }, { ...request, unmasked: q.unmasked === '1' }, file);
        const buf = fs.readFileSync(file);
        const fileName = `${report.title}-${report.periodLabel}${report.region.name ? `-${report.region.name}` : ''}.${q.format}`;
        return reply
          .header('content-type', q.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
          .send(buf);
      } finally {
        fs.rmSync(file, { force: true });
      }
    },
  });
}
