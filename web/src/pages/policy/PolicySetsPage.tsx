/**
 * /policy — 政策设置: every policy set and version (built-in, drafts, published) with its
 * region and effective dates. A figure changes by copying a set into a draft (复制为新版本),
 * editing and publishing it; published versions never change (seed 002 三(六)).
 */
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Table, Typography, type TableColumnsType } from 'antd';
import { CopyOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMe } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../api/client.ts';
import { fetchPolicySets, type PolicySetStatus, type PolicySetSummary } from '../../api/policy.ts';
import { PageLayout } from '../../components/PageLayout.tsx';
import { loadRegionChildren } from '../../components/RegionCascader.tsx';
import { CopyPolicyDialog } from './CopyDialog.tsx';
import { PolicyStatusTag } from './labels.tsx';
import { regionLabel } from './policyFields.ts';

export default function PolicySetsPage() {
  const me = useMe();
  const [items, setItems] = useState<PolicySetSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copyFrom, setCopyFrom] = useState<PolicySetSummary | null>(null);
  const [provinces, setProvinces] = useState<Record<string, string>>({});

  useEffect(() => {
    // Province names for the region column; without them the code shows.
    loadRegionChildren('')
      .then((nodes) => setProvinces(Object.fromEntries(nodes.map((n) => [n.code, n.name]))))
      .catch(() => undefined);
  }, []);

  const load = useCallback(() => {
    setError(null);
    fetchPolicySets()
      .then((r) => setItems(r.items))
      .catch((err: unknown) => setError(errorMessage(err)));
  }, []);
  useEffect(load, [load]);

  const columns: TableColumnsType<PolicySetSummary> = [
    { title: '政策集名称', dataIndex: 'name', width: 240, render: (n: string, r) => <Link to={`/policy/${r.id}/${r.version}`}>{n}</Link> },
    { title: '编号', dataIndex: 'id', width: 170, render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
    { title: '版本', dataIndex: 'version', width: 80, render: (v: number) => `第 ${v} 版` },
    { title: '状态', dataIndex: 'status', width: 120, render: (s: PolicySetStatus) => <PolicyStatusTag status={s} /> },
    { title: '适用地区', dataIndex: 'regionCode', width: 100, render: (c: string) => regionLabel(c, me.scope, provinces) },
    { title: '有效期', key: 'effective', width: 200, render: (_: unknown, r) => `${r.effectiveFrom} 至 ${r.effectiveTo ?? '长期'}` },
    { title: '复制来源', dataIndex: 'basedOn', width: 160, render: (b: string | null) => b ?? '—' },
    {
      title: '操作',
      key: 'op',
      width: 190,
      render: (_: unknown, r) => (
        <>
          <Link to={`/policy/${r.id}/${r.version}`}>{r.status === 'draft' ? '编辑' : '查看'}</Link>
          <Button type="link" size="small" icon={<CopyOutlined />} onClick={() => setCopyFrom(r)}>
            复制为新版本
          </Button>
        </>
      ),
    },
  ];

  return (
    <PageLayout
      title="政策设置"
      subTitle="补贴标准、比例和次数以政策集管理，发布后的版本不可修改"
      extra={
        <Button icon={<ReloadOutlined />} onClick={load}>
          刷新
        </Button>
      }
    >
      {error ? <Alert type="error" showIcon title={`政策集加载失败：${error}`} style={{ marginBottom: 16 }} /> : null}
      <Table<PolicySetSummary> rowKey={(r) => `${r.id}@${r.version}`} columns={columns} dataSource={items ?? []} loading={items === null && !error} pagination={false} scroll={{ x: 'max-content' }} size="middle" />
      <CopyPolicyDialog from={copyFrom} onClose={() => setCopyFrom(null)} />
    </PageLayout>
  );
}
