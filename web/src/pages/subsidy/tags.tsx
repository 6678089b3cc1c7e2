/** Tags and table columns of subsidy claims: status, evaluator decision, payment status. */
import { Link } from 'react-router-dom';
import { Tag, type TableColumnsType } from 'antd';
import type { Claim } from '../../api/subsidy.ts';
import type { SearchField } from '../../components/SearchTable.tsx';
import { DayInput } from './DayInput.tsx';
import { CLAIM_KIND_OPTIONS, CLAIM_STATUS_COLOR, claimKindLabel, claimStatusLabel, formatFen, DECISION_LABEL, PAYMENT_STATUS_LABEL, type ClaimStatus } from './format.ts';

export function ClaimStatusTag({ status }: { status: string }) {
  return <Tag color={CLAIM_STATUS_COLOR[status as ClaimStatus] ?? 'default'}>{claimStatusLabel(status)}</Tag>;
}

export function DecisionTag({ decision }: { decision: string }) {
  const d = DECISION_LABEL[decision];
  return <Tag color={d?.color}>{d?.label ?? decision}</Tag>;
}

export function PaymentStatusTag({ status }: { status: string }) {
  return <Tag color={status === 'paid' ? 'success' : 'processing'}>{PAYMENT_STATUS_LABEL[status] ?? status}</Tag>;
}

/** Columns shared by the claim lists (申报 and 审核). */
export function claimColumns(extra: TableColumnsType<Claim> = []): TableColumnsType<Claim> {
  return [
    { title: '申报编号', dataIndex: 'id', width: 100, render: (id: number) => <Link to={`/subsidy/claims/${id}`}>{id}</Link> },
    { title: '补贴类型', dataIndex: 'kind', width: 180, render: (k: string) => claimKindLabel(k) },
    { title: '培训班', dataIndex: 'classId', width: 90, render: (v: number | null) => v ?? '—' },
    { title: '人员', dataIndex: 'personId', width: 90, render: (v: number | null) => v ?? '—' },
    { title: '区划代码', dataIndex: 'regionCode', width: 110 },
    { title: '核验金额（元）', dataIndex: 'requestedFen', width: 140, align: 'right', render: (f: number) => formatFen(f) },
    { title: '核定金额（元）', dataIndex: 'approvedFen', width: 140, align: 'right', render: (f: number | null) => formatFen(f) },
    { title: '状态', dataIndex: 'status', width: 100, render: (s: string) => <ClaimStatusTag status={s} /> },
    { title: '申报时间', dataIndex: 'submittedAt', width: 170 },
    ...extra,
  ];
}

/** Search fields of the claim lists: kind and the submission-day range (CST). */
export const CLAIM_SEARCH_FIELDS: SearchField[] = [
  { name: 'kind', label: '补贴类型', options: CLAIM_KIND_OPTIONS, width: 200 },
  { name: 'submittedFrom', label: '申报日期自', input: <DayInput placeholder="开始日期" /> },
  { name: 'submittedTo', label: '至', input: <DayInput placeholder="结束日期" /> },
];
