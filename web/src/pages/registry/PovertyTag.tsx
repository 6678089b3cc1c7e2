/** The poverty status of a person or household as a coloured tag (null: not a support target). */
import { Tag } from 'antd';
import { POVERTY_STATUS_LABEL } from '../../../../common/schemas/registry.ts';
import { POVERTY_STATUS_COLOR, type PovertyStatus } from './options.ts';

export function PovertyTag({ status }: { status: PovertyStatus | null }) {
  return status ? <Tag color={POVERTY_STATUS_COLOR[status]}>{POVERTY_STATUS_LABEL[status]}</Tag> : <Tag>非帮扶对象</Tag>;
}
