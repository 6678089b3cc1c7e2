/**
 * 变更对比: what this version changes against the set it was copied from (or any other set
 * chosen), as a table of Chinese labels with the old and new values.
 */
import { useEffect, useState } from 'react';
import { Alert, Empty, Flex, Select, Table, Typography, type TableColumnsType } from 'antd';
import { errorMessage } from '../../api/client.ts';
import { fetchPolicyDiff, type PolicyDiff, type PolicySetSummary } from '../../api/policy.ts';
import { diffRows, type DiffRow } from './policyFields.ts';

export interface DiffPanelProps {
  id: string;
  version: number;
  basedOn: string | null;
  /** Every set, for choosing what to compare against. */
  sets: PolicySetSummary[];
  /** Changes when the saved document changes (refetch). */
  revision: number;
  dirty: boolean;
}

const columns: TableColumnsType<DiffRow> = [
  { title: '栏目', dataIndex: 'section', width: 180 },
  { title: '项目', dataIndex: 'label', width: 300 },
  { title: '原值', dataIndex: 'from', render: (v: string) => <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>{v}</Typography.Text> },
  { title: '新值', dataIndex: 'to', render: (v: string) => <Typography.Text strong style={{ whiteSpace: 'pre-wrap' }}>{v}</Typography.Text> },
];

export function DiffPanel({ id, version, basedOn, sets, revision, dirty }: DiffPanelProps) {
  const [against, setAgainst] = useState<string | undefined>(basedOn ?? undefined);
  const [diff, setDiff] = useState<PolicyDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!against) return;
    let live = true;
    setLoading(true);
    setError(null);
    fetchPolicyDiff(id, version, against)
      .then((d) => live && setDiff(d))
      .catch((err: unknown) => live && setError(errorMessage(err)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [id, version, against, revision]);

  const self = `${id}@${version}`;
  const options = sets.filter((s) => `${s.id}@${s.version}` !== self).map((s) => ({ value: `${s.id}@${s.version}`, label: `${s.name}（${s.id} 第 ${s.version} 版）` }));
  const rows = diff ? diffRows(diff.changes) : [];

  return (
    <>
      <Flex align="center" gap={8} wrap style={{ marginBottom: 16 }}>
        <Typography.Text>对比对象：</Typography.Text>
        <Select aria-label="对比对象" style={{ minWidth: 360 }} value={against} options={options} onChange={setAgainst} placeholder="请选择要对比的政策集" />
        {basedOn && against === basedOn ? <Typography.Text type="secondary">（复制来源）</Typography.Text> : null}
      </Flex>
      {dirty ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="表单中有未保存的修改，对比结果为已保存的内容。" /> : null}
      {error ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} /> : null}
      {!against ? (
        <Empty description="内置政策集没有复制来源，请选择要对比的政策集" />
      ) : (
        <Table<DiffRow>
          rowKey="key"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={loading}
          pagination={false}
          locale={{ emptyText: <Empty description="与对比对象相比没有变化" /> }}
        />
      )}
    </>
  );
}
