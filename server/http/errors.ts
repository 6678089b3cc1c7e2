/** Maps every failure to `{"error":{"code","message"}}` with a Chinese message; never a stack trace. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, type ErrorBody } from '../../common/errors.ts';

const DB_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '53100', '53200', '57014']);

/** True for errors that mean "the database is unavailable / out of space / too slow". */
export function isDbUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e?.code && DB_DOWN_CODES.has(e.code)) return true;
  const msg = String(e?.message ?? '');
  return /Connection terminated|timeout exceeded|Query read timeout|connect ECONNREFUSED|ENOSPC|No space left/i.test(msg);
}

function validationMessage(err: FastifyError): string {
  const v = err.validation?.[0];
  if (!v) return '请求参数无效';
  const where = err.validationContext === 'querystring' ? '查询参数' : err.validationContext === 'params' ? '路径参数' : '请求内容';
  const field = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
  const msg = v.message && /[\u4e00-\u9fa5]/.test(v.message) ? v.message : '格式不正确';
  return field ? `${where}字段 ${field} ${msg}` : `${where}${msg}`;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    let status = 500;
    let body: ErrorBody;
    if (err instanceof AppError) {
      status = err.status;
      body = { error: { code: err.code, message: err.message } };
    } else if (err.validation) {
      status = 400;
      body = { error: { code: 'validation.failed', message: validationMessage(err) } };
    } else if (err.statusCode === 429) {
      status = 429;
      body = { error: { code: 'rate.limited', message: '请求过于频繁，请稍后再试' } };
    } else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      status = 415;
      body = { error: { code: 'unsupported.media', message: '不支持的内容类型' } };
    } else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      status = 413;
      body = { error: { code: 'payload.too_large', message: '请求内容过大' } };
    } else if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err.statusCode === 400 && err instanceof SyntaxError)) {
      status = 400;
      body = { error: { code: 'request.invalid', message: '请求内容不是有效的 JSON' } };
    } else if (isDbUnavailable(err)) {
      status = 503;
      body = { error: { code: 'db.unavailable', message: '数据库暂时不可用，请稍后重试' } };
      req.log.error({ code: (err as { code?: string }).code }, 'database unavailable');
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      status = err.statusCode;
      body = { error: { code: 'request.invalid', message: '请求无效' } };
    } else {
      req.log.error({ err }, 'unhandled error');
      body = { error: { code: 'internal', message: '服务器内部错误，请稍后重试' } };
    }
    if (status === 503) void reply.header('retry-after', '5');
    void reply.status(status).send(body);
  });
}
