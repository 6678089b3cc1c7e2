/** /audit — the append-only audit log (server-paged) and the hash-chain check. */
import { useState } from 'react';
import { App, Button, Tag, Typography, type TableColumnsType } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { fetchAudit, verifyAudit, type AuditItem } from '../../api/platform.ts';
import { errorMessage } from '../../api/client.ts';
import { PageLayout } from '../../components/PageLayout.tsx';
import { SearchTable, type SearchField, type SearchParams } from '../../components/SearchTable.tsx';

/** Chinese names of audit actions; unknown codes are shown as they are. */
const ACTION_LABEL: Record<string, string> = {
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.login_locked': '账号锁定',
  'auth.logout': '退出登录',
  'auth.denied': '越权访问被拒绝',
  'user.create': '创建用户',
  'registry.import': '台账导入',
  'registry.reveal_id': '查看完整身份证号',
};

const DANGER_ACTIONS = new Set(['auth.login_failed', 'auth.login_locked', 'auth.denied']);

const FIELDS: SearchField[] = [
  { name: 'action', label: '操作类型', options: Object.entries(ACTION_LABEL).map(([value, label]) => ({ value, label: `${label}（${value}）` })), width: 220 },
  { name: 'actor', label: '操作人', placeholder: '用户名', width: 160 },
];

const COLUMNS: TableColumnsType<AuditItem> = [
  { title: '序号', dataIndex: 'seq', width: 80 },
  { title: '时间', dataIndex: 'at', width: 180 },
  { title: '操作人', dataIndex: 'actorName', width: 140, render: (v: string | null) => v ?? '系统' },
  {
    title: '操作',
    dataIndex: 'action',
    width: 180,
    render: (a: string) => <Tag color={DANGER_ACTIONS.has(a) ? 'error' : 'blue'}>{ACTION_LABEL[a] ?? a}</Tag>,
  },
  { title: '对象', key: 'object', width: 160, render: (_: unknown, r) => (r.objectType ? `${r.objectType}${r.objectId ? ` #${r.objectId}` : ''}` : '—') },
  { title: '区划', dataIndex: 'regionCode', width: 100, render: (v: string | null) => v ?? '—' },
  { title: 'IP 地址', dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
  {
    title: '详情',
    dataIndex: 'detail',
    render: (d: Record<string, unknown>) => {
      const text = Object.keys(d).length > 0 ? JSON.stringify(d) : '—';
      return (
        <Typography.Text style={{ maxWidth: 320, fontSize: 12 }} ellipsis={{ tooltip: text }}>
          {text}
        </Typography.Text>
      );
    },
  },
];

export default function AuditPage() {
  const { modal, message } = App.useApp();
  const [verifying, setVerifying] = useState(false);

  const onVerify = async () => {
    setVerifying(true);
    try {
      const r = await verifyAudit();
      if (r.ok) {
        modal.success({ title: '哈希链校验通过', content: `已校验 ${r.checked} 条审计记录，未发现篡改或缺失。` });
      } else {
        modal.error({
          title: '哈希链校验未通过',
          content: r.firstBroken ? `已校验 ${r.checked} 条，第 ${r.firstBroken.seq} 条记录异常：${r.firstBroken.reason}` : `已校验 ${r.checked} 条，发现异常。`,
        });
      }
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <PageLayout
      title="审计日志"
      subTitle="只追加、哈希链防篡改"
      extra={
        <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void onVerify()}>
          校验哈希链
        </Button>
      }
    >
      <SearchTable<AuditItem>
        rowKey="seq"
        columns={COLUMNS}
        fields={FIELDS}
        fetch={(p: SearchParams) =>
          fetchAudit({
            page: p.page,
            pageSize: p.pageSize,
            action: typeof p.action === 'string' ? p.action : undefined,
            actor: typeof p.actor === 'string' ? p.actor : undefined,
          })
        }
      />
    </PageLayout>
  );
}
