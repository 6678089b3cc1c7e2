/**
 * /subsidy — 补贴申报 for claimant organisations (培训机构、企业): the organisation's claims by
 * status, with kind filter, amounts in yuan, and 新建申报. The server evaluates each claim
 * on submission; the detail page explains the verdict rule by rule.
 */
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Button, Tabs } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMe } from '../../auth/AuthContext.tsx';
import { fetchClaims, type Claim, type ClaimStatus } from '../../api/subsidy.ts';
import { PageLayout } from '../../components/PageLayout.tsx';
import { SearchTable, type SearchTableHandle } from '../../components/SearchTable.tsx';
import { CreateClaimDialog } from './ClaimForm.tsx';
import { CLAIM_STATUSES, claimFilters, claimStatusLabel, submittableKinds } from './format.ts';
import { CLAIM_SEARCH_FIELDS, claimColumns } from './tags.tsx';

export default function ClaimsPage() {
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const table = useRef<SearchTableHandle>(null);
  const [status, setStatus] = useState<ClaimStatus | 'all'>('all');
  const [createOpen, setCreateOpen] = useState(false);
  const kinds = submittableKinds(me.user.role);
  const columns = claimColumns([{ title: '操作', key: 'op', width: 90, fixed: 'right', render: (_: unknown, r) => <Link to={`/subsidy/claims/${r.id}`}>查看</Link> }]);

  return (
    <PageLayout
      title="补贴申报"
      subTitle={me.user.orgName ?? undefined}
      extra={
        kinds.length > 0 ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)}>
            新建申报
          </Button>
        ) : null
      }
    >
      <Tabs
        activeKey={status}
        onChange={(k) => setStatus(k as ClaimStatus | 'all')}
        items={[{ key: 'all', label: '全部' }, ...CLAIM_STATUSES.map((s) => ({ key: s, label: claimStatusLabel(s) }))]}
      />
      <SearchTable<Claim>
        key={status}
        ref={table}
        rowKey="id"
        columns={columns}
        fields={CLAIM_SEARCH_FIELDS}
        fetch={(p) => fetchClaims({ ...claimFilters(p), page: p.page, pageSize: p.pageSize, status: status === 'all' ? undefined : status })}
      />
      <CreateClaimDialog
        open={createOpen}
        kinds={kinds}
        onClose={() => setCreateOpen(false)}
        onCreated={(id) => {
          setCreateOpen(false);
          message.success(`申报已提交（申报编号 ${id}），系统已完成核验`);
          table.current?.reload();
          void navigate(`/subsidy/claims/${id}`);
        }}
      />
    </PageLayout>
  );
}
