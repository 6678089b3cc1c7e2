/**
 * /subsidy/review — 补贴审核 for 人社 staff: the claims waiting at the caller's level of the
 * review chain (县级 → 市级 → 省级) and every claim of the region by status and kind (拨付台账
 * is its own page, /subsidy/payments). Decisions are made on the claim page,
 * next to the rule-by-rule explanation.
 */
import { Link } from 'react-router-dom';
import { Alert, Tabs } from 'antd';
import { useMe } from '../../auth/AuthContext.tsx';
import { fetchClaims, type Claim, type ClaimStatus } from '../../api/subsidy.ts';
import { PageLayout } from '../../components/PageLayout.tsx';
import { SearchTable } from '../../components/SearchTable.tsx';
import { CLAIM_STATUSES, claimFilters, claimStatusLabel, reviewLevelLabel, roleReviewLevel } from './format.ts';
import { CLAIM_SEARCH_FIELDS, claimColumns } from './tags.tsx';

/** The default chain's level names by index (policy review_levels ['county', 'city', 'province']). */
const LEVEL_NAMES = ['county', 'city', 'province'];

export default function ReviewPage() {
  const me = useMe();
  const level = roleReviewLevel(me.user.role);
  // Level 0 (县级) reviews freshly submitted claims; higher levels those already in review.
  const pendingStatus: ClaimStatus = level === 0 ? 'submitted' : 'in_review';

  const levelColumn = {
    title: '当前环节',
    key: 'level',
    width: 110,
    render: (_: unknown, r: Claim) => (r.status === 'submitted' || r.status === 'in_review' ? reviewLevelLabel(LEVEL_NAMES[r.reviewLevel] ?? String(r.reviewLevel)) : '—'),
  };
  const pendingColumns = claimColumns([levelColumn, { title: '操作', key: 'op', width: 90, fixed: 'right', render: (_: unknown, r: Claim) => <Link to={`/subsidy/claims/${r.id}`}>审核</Link> }]);
  const allColumns = claimColumns([levelColumn, { title: '操作', key: 'op', width: 90, fixed: 'right', render: (_: unknown, r: Claim) => <Link to={`/subsidy/claims/${r.id}`}>查看</Link> }]);

  const tabs = [
    {
      key: 'pending',
      label: '待我审核',
      children: (
        <>
          {level !== null && level > 0 ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title="列出下级已审核通过、正在审核中的申报；若当前环节不是本级，系统将拒绝审核。" /> : null}
          <SearchTable<Claim>
            rowKey="id"
            columns={pendingColumns}
            fields={CLAIM_SEARCH_FIELDS}
            fetch={(p) => fetchClaims({ ...claimFilters(p), page: p.page, pageSize: p.pageSize, status: pendingStatus })}
          />
        </>
      ),
    },
    {
      key: 'all',
      label: '辖区全部申报',
      children: (
        <SearchTable<Claim>
          rowKey="id"
          columns={allColumns}
          fields={[{ name: 'status', label: '状态', options: CLAIM_STATUSES.map((s) => ({ value: s, label: claimStatusLabel(s) })), width: 140 }, ...CLAIM_SEARCH_FIELDS]}
          fetch={(p) => fetchClaims({ ...claimFilters(p), page: p.page, pageSize: p.pageSize })}
        />
      ),
    },
  ];

  return (
    <PageLayout title="补贴审核" subTitle={me.scope.regionName ?? me.scope.regionCode}>
      <Tabs items={tabs} destroyOnHidden />
    </PageLayout>
  );
}
