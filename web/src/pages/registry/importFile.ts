/** The browser's checks of a registry file before it is uploaded (the server checks again). */

/** The server's upload limit (registry.routes.ts MAX_UPLOAD_BYTES). */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
export const ACCEPTED_IMPORT_EXTENSIONS = ['.xlsx', '.csv', '.tsv'] as const;

/** Why a chosen file cannot be imported (null: fine). */
export function fileProblem(file: { name: string; size: number }): string | null {
  const dot = file.name.lastIndexOf('.');
  const ext = dot >= 0 ? file.name.slice(dot).toLowerCase() : '';
  if (!(ACCEPTED_IMPORT_EXTENSIONS as readonly string[]).includes(ext)) return `不支持的文件类型“${ext || '无扩展名'}”：请选择 .xlsx、.csv 或 .tsv 文件`;
  if (file.size === 0) return '文件为空';
  if (file.size > MAX_IMPORT_BYTES) return `文件过大（${(file.size / 1024 / 1024).toFixed(1)} MB）：单个文件不能超过 100 MB，请拆分后分批导入`;
  return null;
}
