/** Tags of the policy-set pages: set status and what-if decisions. */
import { Tag } from 'antd';
import type { Decision, PolicySetStatus } from '../../api/policy.ts';
import { DECISION_LABEL, STATUS_LABEL } from './policyFields.ts';

const STATUS_COLOR: Record<PolicySetStatus, string> = { builtin: 'blue', draft: 'gold', published: 'green' };
const DECISION_COLOR: Record<Decision, string> = { approved: 'success', partial: 'warning', rejected: 'error' };

export function PolicyStatusTag({ status }: { status: PolicySetStatus }) {
  return <Tag color={STATUS_COLOR[status]}>{STATUS_LABEL[status]}</Tag>;
}

export function DecisionTag({ decision }: { decision: Decision }) {
  return <Tag color={DECISION_COLOR[decision]}>{DECISION_LABEL[decision]}</Tag>;
}
