/** Labels and tags of training classes (status, filing on time, mode, training type). */
import { Tag, Tooltip } from 'antd';
import { CLASS_STATUS_LABEL, TRAINING_TYPE_LABEL } from '../../../../common/schemas/training.ts';
import type { ClassStatus, TrainingClass } from '../../api/training.ts';

const STATUS_COLOR: Record<ClassStatus, string> = { draft: 'default', filed: 'processing', approved: 'success', rejected: 'error' };

export function ClassStatusTag({ status }: { status: ClassStatus }) {
  return <Tag color={STATUS_COLOR[status]}>{CLASS_STATUS_LABEL[status]}</Tag>;
}

/** 备案及时: filed on a day before the start (seed 003 二(六)); late filings get no subsidy. */
export function FiledInTimeTag({ value }: { value: boolean | null }) {
  if (value === null) return <Tag>未备案</Tag>;
  return value ? (
    <Tag color="green">备案及时</Tag>
  ) : (
    <Tooltip title="开班前未完成备案，不能申请培训补贴">
      <Tag color="red">备案逾期</Tag>
    </Tooltip>
  );
}

export const MODE_LABEL: Record<string, string> = { offline: '线下', online: '线上', blended: '线上线下结合' };

export const trainingTypeLabel = (t: TrainingClass['trainingType']) => TRAINING_TYPE_LABEL[t] ?? t;

export const TRAINING_TYPE_OPTIONS = Object.entries(TRAINING_TYPE_LABEL).map(([value, label]) => ({ value, label }));
export const STATUS_OPTIONS = Object.entries(CLASS_STATUS_LABEL).map(([value, label]) => ({ value, label }));

/** The level (等级) of a class as Chinese: 1 = 一级/高级技师 … 5 = 五级/初级工. */
export const LEVEL_LABEL: Record<number, string> = { 1: '一级（高级技师）', 2: '二级（技师）', 3: '三级（高级工）', 4: '四级（中级工）', 5: '五级（初级工）' };
export const levelLabel = (l: number | null) => (l ? (LEVEL_LABEL[l] ?? `${l} 级`) : '不分等级');
