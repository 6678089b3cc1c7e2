/** Pure helpers of the precise-matching pages: tier and status labels, ID-diff highlighting, CSV. */

/** 匹配结果 in Chinese (contracts.md §2 tiers). */
export const TIER_LABELS: Record<string, string> = {
  exact: '精确',
  corrected_id: '纠错',
  fuzzy: '模糊',
  conflict: '冲突',
  none: '未匹配',
};

/** antd Tag colours: conflicts stand out, exact matches are calm. */
export const TIER_COLORS: Record<string, string> = {
  exact: 'green',
  corrected_id: 'blue',
  fuzzy: 'gold',
  conflict: 'red',
  none: 'default',
};

export function tierLabel(tier: string): string {
  return TIER_LABELS[tier] ?? tier;
}

export function tierColor(tier: string): string {
  return TIER_COLORS[tier] ?? 'default';
}

/** The tiers shown as run counts, in this order, then 自动确认 and 待复核. */
export const RUN_COUNT_KEYS = ['exact', 'corrected_id', 'fuzzy', 'conflict', 'none'] as const;

export const RUN_STATUS_LABELS: Record<string, string> = { running: '比对中', succeeded: '已完成', failed: '失败' };
export const SCOPE_LABELS: Record<string, string> = { registry: '台账人员', training: '培训学员' };

export function runStatusLabel(status: string): string {
  return RUN_STATUS_LABELS[status] ?? status;
}

export function scopeLabel(scope: string): string {
  return SCOPE_LABELS[scope] ?? scope;
}

/** Progress of a run in whole percent: 0 before the total is known, 100 once succeeded. */
export function runPercent(run: { status: string; total: number; done: number }): number {
  if (run.status === 'succeeded') return 100;
  if (run.total <= 0) return 0;
  return Math.min(100, Math.floor((run.done * 100) / run.total));
}

/** Confidence in [0, 1] as a percentage with no decimals: 0.873 → "87%". */
export function confidenceText(confidence: number): string {
  return `${Math.round(Math.max(0, Math.min(1, confidence)) * 100)}%`;
}

/** A run of characters of an ID number, marked when it holds a differing position. */
export interface IdSegment {
  text: string;
  differs: boolean;
}

/**
 * Splits a (masked) ID number into runs of differing and agreeing characters, given the
 * 1-based positions where the full numbers differ. Without positions (none known) the two
 * masked numbers are compared character by character where both show a digit.
 */
export function idSegments(masked: string, diffPositions: readonly number[] | null, other?: string | null): IdSegment[] {
  const differ = new Set<number>();
  if (diffPositions && diffPositions.length > 0) {
    for (const p of diffPositions) differ.add(p - 1);
  } else if (other) {
    for (let i = 0; i < masked.length; i++) {
      const a = masked[i];
      const b = other[i];
      if (a !== '*' && b !== undefined && b !== '*' && a !== b) differ.add(i);
    }
  }
  const out: IdSegment[] = [];
  for (let i = 0; i < masked.length; i++) {
    const d = differ.has(i);
    const last = out[out.length - 1];
    if (last && last.differs === d) last.text += masked[i];
    else out.push({ text: masked[i], differs: d });
  }
  return out;
}

/** Human text for differing positions: [7, 15] → "第 7、15 位". Empty when none. */
export function diffPositionsText(positions: readonly number[]): string {
  return positions.length ? `第 ${positions.join('、')} 位` : '';
}

/** True when two optional values are both known and disagree (for highlighting a field). */
export function disagrees(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.trim() !== b.trim();
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** UTF-8 CSV with a BOM (Excel opens it) of the header and rows, CRLF line ends. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return '\ufeff' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The server's upload limit of a registry extract (matching.routes.ts bodyLimit). */
export const MAX_SNAPSHOT_BYTES = 200 * 1024 * 1024;
export const SNAPSHOT_EXTENSIONS = ['.xlsx', '.csv', '.tsv'] as const;

/** Why a chosen registry extract cannot be uploaded (null: fine; the server checks again). */
export function snapshotFileProblem(file: { name: string; size: number }): string | null {
  const dot = file.name.lastIndexOf('.');
  const ext = dot >= 0 ? file.name.slice(dot).toLowerCase() : '';
  if (!(SNAPSHOT_EXTENSIONS as readonly string[]).includes(ext)) return `不支持的文件类型“${ext || '无扩展名'}”：请选择 .xlsx、.csv 或 .tsv 文件`;
  if (file.size === 0) return '文件为空';
  if (file.size > MAX_SNAPSHOT_BYTES) return `文件过大（${(file.size / 1024 / 1024).toFixed(1)} MB）：单个文件不能超过 200 MB`;
  return null;
}
