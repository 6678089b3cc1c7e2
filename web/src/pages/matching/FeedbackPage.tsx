/**
 * /feedback — 比对反馈 for a school or training institution: its trainees found in the poverty
 * registry by the latest training match run (建档立卡学员), those newly found since the run
 * before (新增匹配) and those no longer found (不再匹配). ID numbers arrive masked; the export
 * is a CSV of the same masked list, built in the browser (the API has no export).
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Empty, Result, Skeleton, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMe } from '../../auth/AuthContext.tsx';
import { ApiError, errorMessage } from '../../api/client.ts';
import { fetchFeedback, type Feedback, type FeedbackItem } from '../../api/matching.ts';
import { PageLayout } from '../../components/PageLayout.tsx';
import { toCsv } from './matching-helpers.ts';

type TabKey = 'matched' | 'new' | 'gone';

const TAB_LABELS: Record<TabKey, string> = { matched: '建档立卡学员', new: '新增匹配', gone: '不再匹配' };

function listOf(fb: Feedback, tab: TabKey): FeedbackItem[] {
  if (tab === 'matched') return fb.items;
  if (tab === 'new') return fb.items.filter((i) => i.newSinceLastRun);
  return fb.noLongerMatched;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export default function FeedbackPage() {
  const me = useMe();
  const [fb, setFb] = useState<Feedback | null>(null);
  const [error, setError] = useState<{ forbidden: boolean; message: string } | null>(null);
  const [tab, setTab] = useState<TabKey>('matched');

  useEffect(() => {
    const ctrl = new AbortController();
    fetchFeedback()
      .then((r) => {
        if (!ctrl.signal.aborted) setFb(r);
      })
      .catch((err: unknown) => {
        if (!ctrl.signal.aborted) setError({ forbidden: err instanceof ApiError && err.status === 403, message: errorMessage(err) });
      });
    return () => ctrl.abort();
  }, []);

  const columns: TableColumnsType<FeedbackItem> = [
    { title: '姓名', dataIndex: 'name', width: 120 },
    { title: '身份证号', dataIndex: 'idNumber', width: 200, render: (v: string) => <Typography.Text style={{ fontFamily: 'monospace' }}>{v}</Typography.Text> },
    { title: '贫困状态', dataIndex: 'povertyStatus', width: 120, render: (v: string | null) => (v ? <Tag color="orange">{v}</Tag> : '—') },
    { title: '培训班', dataIndex: 'classId', width: 140, render: (v: number | null) => (v ? <Link to={`/training/classes/${v}`}>查看培训班 #{v}</Link> : '—') },
    {
      title: '变化',
      key: 'change',
      width: 120,
      render: (_: unknown, r) => (tab === 'gone' ? <Tag>不再匹配</Tag> : r.newSinceLastRun ? <Tag color="green">新增匹配</Tag> : <Typography.Text type="secondary">—</Typography.Text>),
    },
  ];

  const exportCsv = () => {
    if (!fb) return;
    const rows = listOf(fb, tab).map((i) => [i.name, i.idNumber, i.povertyStatus ?? '', i.classId ? String(i.classId) : '', tab === 'gone' ? '不再匹配' : i.newSinceLastRun ? '新增匹配' : '']);
    download(`比对反馈-${TAB_LABELS[tab]}-第${fb.runId ?? 0}次比对.csv`, toCsv(['姓名', '身份证号（脱敏）', '贫困状态', '培训班编号', '变化'], rows));
  };

  const orgName = me.scope.orgName ?? me.scope.regionName ?? me.scope.regionCode;
  if (error?.forbidden) {
    return (
      <PageLayout title="比对反馈">
        <Result status="info" title="比对反馈仅向院校和培训机构提供" subTitle="人社、扶贫部门请在“精准比对”中查看比对结果。" />
      </PageLayout>
    );
  }
  return (
    <PageLayout
      title="比对反馈"
      subTitle={`${orgName}${fb?.runId ? ` · 依据第 ${fb.runId} 号比对任务` : ''}`}
      extra={
        <Button icon={<DownloadOutlined />} disabled={!fb || listOf(fb, tab).length === 0} onClick={exportCsv}>
          导出当前列表
        </Button>
      }
    >
      {error ? <Alert type="error" showIcon title={error.message} /> : null}
      {!fb && !error ? <Skeleton active /> : null}
      {fb && fb.runId === null ? <Empty description="尚未对本单位学员开展精准比对，请等待人社或扶贫部门发起比对" /> : null}
      {fb && fb.runId !== null ? (
        <>
          <Typography.Paragraph type="secondary">本单位学员与建档立卡贫困人口信息系统数据的比对结果（已确认的匹配）。身份证号已脱敏显示。</Typography.Paragraph>
          <Tabs
            activeKey={tab}
            onChange={(k) => setTab(k as TabKey)}
            items={(Object.keys(TAB_LABELS) as TabKey[]).map((k) => ({
              key: k,
              label: `${TAB_LABELS[k]}（${listOf(fb, k).length}）`,
              children: (
                <Table<FeedbackItem>
                  rowKey="personId"
                  size="small"
                  columns={columns}
                  dataSource={listOf(fb, k)}
                  pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (t) => `共 ${t} 人` }}
                  scroll={{ x: 700 }}
                  locale={{ emptyText: k === 'gone' ? '没有不再匹配的学员' : k === 'new' ? '与上次比对相比没有新增匹配' : '本单位学员中没有建档立卡贫困人口' }}
                  data-testid={`feedback-${k}`}
                />
              ),
            }))}
          />
        </>
      ) : null}
    </PageLayout>
  );
}
