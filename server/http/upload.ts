/**
 * Uploads as a raw request body (Content-Type application/octet-stream, the original name in
 * the query): streamed to a generated name under the data directory, with the extension
 * allow-list, an empty-file check and the free-space rule (refused when free space is below
 * twice the file size).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../common/errors.ts';

export const SPREADSHEET_TYPES = ['application/octet-stream', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

export async function saveUpload(body: unknown, dir: string, originalName: string, allowedExt: string[]): Promise<{ path: string; size: number }> {
  const ext = path.extname(originalName).toLowerCase();
  if (!allowedExt.includes(ext)) throw new AppError('unsupported.media', `只支持 ${allowedExt.join('、')} 文件`);
  const stream = body as Readable | undefined;
  if (!stream || typeof (stream as { pipe?: unknown }).pipe !== 'function') throw new AppError('request.invalid', '请上传文件内容（Content-Type: application/octet-stream）');
  fs.mkdirSync(dir, { recursive: true });
  const stored = path.join(dir, `${Date.now()}-${randomBytes(8).toString('hex')}${ext}`);
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      cb(null, chunk);
    },
  });
  try {
    await pipeline(stream, counter, fs.createWriteStream(stored));
  } catch (err) {
    fs.rmSync(stored, { force: true });
    throw err;
  }
  if (size === 0) {
    fs.rmSync(stored, { force: true });
    throw new AppError('request.invalid', '文件为空');
  }
  const free = fs.statfsSync(dir);
  if (free.bavail * free.bsize < 2 * size) {
    fs.rmSync(stored, { force: true });
    throw new AppError('db.unavailable', '服务器磁盘空间不足，暂不能导入');
  }
  return { path: stored, size };
}
