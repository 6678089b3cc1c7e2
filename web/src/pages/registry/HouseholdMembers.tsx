/** Members of a household as a table, with the household's numbers and status. */
import { Link } from 'react-router-dom';
import { Descriptions, Space, Table, Typography, type TableColumnsType } from 'antd';
import type { Household } from '../../api/registry.ts';
import { PovertyTag } from './PovertyTag.tsx';
import { ageOn, todayCst } from './options.ts';

const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? <Typography.Text type="secondary">—</Typography.Text> : v);

export function HouseholdMembers({ household }: { household: Household }) {
  const today = todayCst();
  const columns: TableColumnsType<Household['members'][number]> = [
    { title: '姓名', dataIndex: 'name', render: (n: string, r) => <Link to={`/registry/${r.id}`}>{n}</Link> },
    { title: '与户主关系', dataIndex: 'relationToHead', render: dash },
    { title: '身份证号', dataIndex: 'idNumber', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: '性别', dataIndex: 'gender' },
    { title: '年龄', dataIndex: 'birthDate', render: (b: string) => ageOn(b, today) ?? '—' },
    { title: '帮扶状态', dataIndex: 'povertyStatus', render: (s: Household['povertyStatus']) => <PovertyTag status={s} /> },
    { title: '就业状态', dataIndex: 'employmentStatus', render: dash },
    { title: '培训意愿', dataIndex: 'trainingWish', render: dash },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12} data-testid="household-members">
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
        <Descriptions.Item label="户编号">
          <Link to={`/households/${household.id}`}>{household.householdNo}</Link>
        </Descriptions.Item>
        <Descriptions.Item label="扶贫卡编号">{dash(household.povertyCardNo)}</Descriptions.Item>
        <Descriptions.Item label="家庭帮扶状态">
          <PovertyTag status={household.povertyStatus} />
        </Descriptions.Item>
        <Descriptions.Item label="家庭住址" span={3}>
          {dash(household.address)}
        </Descriptions.Item>
      </Descriptions>
      <Table rowKey="id" size="small" columns={columns} dataSource={household.members} pagination={false} scroll={{ x: 'max-content' }} />
    </Space>
  );
}

