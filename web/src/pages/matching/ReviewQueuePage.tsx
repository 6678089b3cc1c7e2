/**
 * /matching/reviews — 人工复核: fuzzy, conflicting and low-confidence corrected matches of the
 * region, each shown side by side (our record against the registry candidate: name, masked
 * ID number with the differing digits highlighted, birth date, gender, region), with the tier,
 * the confidence and the engine's explanation. 确认 or 否定 always needs a reason (audited).
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, Modal, Pagination, Space, Spin, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMe } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../api/client.ts';
import { decideReview, fetchReviews, type ReviewItem } from '../../api/matching.ts';
import { PageLayout } from '../../components/PageLayout.tsx';
import { confidenceText, diffPositionsText, disagrees, idSegments, tierColor, tierLabel } from './matching-helpers.ts';

const PAGE_SIZE = 10;
const DIFF_STYLE = { color: '#cf1322', background: '#fff1f0', fontWeight: 600 } as const;

/** A masked ID number with the differing characters highlighted. */
function IdText({ masked, diff, other }: { masked: string | null; diff: number[]; other: string | null }) {
  if (!masked) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span style={{ fontFamily: 'monospace', letterSpacing: 1 }}>
      {idSegments(masked, diff, other).map((s, i) =>
        s.differs ? (
          <mark key={i} style={{ ...DIFF_STYLE, padding: 0 }} data-testid="id-diff">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </span>
  );
}

/** A compared value: highlighted when both sides are known and disagree. */
function Compared({ value, other }: { value: string | null; other: string | null }) {
  if (!value) return <Typography.Text type="secondary">—</Typography.Text>;
  return disagrees(value, other) ? <span style={{ ...DIFF_STYLE, padding: '0 2px' }}>{value}</span> : <span>{value}</span>;
}

interface Row {
  key: string;
  field: string;
  record: ReactNode;
  registry: ReactNode;
}

const COMPARE_COLUMNS: TableColumnsType<Row> = [
  { title: '项目', dataIndex: 'field', width: 110 },
  { title: '本平台记录', dataIndex: 'record' },
  { title: '建档立卡候选', dataIndex: 'registry' },
];

function regionText(name: string | null, code: string | null): string | null {
  if (!code) return null;
  return name ? `${name}（${code}）` : code;
}

function ReviewCard({ item, onDecide }: { item: ReviewItem; onDecide: (decision: 'accept' | 'reject') => void }) {
  const p = item.person;
  const r = item.registry;
  const rows: Row[] = [
    { key: 'name', field: '姓名', record: <Compared value={p.name} other={r.name} />, registry: <Compared value={r.name} other={p.name} /> },
    {
      key: 'id',
      field: '身份证号',
      record: <IdText masked={p.idNumber} diff={item.idDiff} other={r.idNumber} />,
      registry: <IdText masked={r.idNumber} diff={item.idDiff} other={p.idNumber} />,
    },
    { key: 'birth', field: '出生日期', record: <Compared value={p.birthDate} other={r.birthDate} />, registry: <Compared value={r.birthDate} other={p.birthDate} /> },
    { key: 'gender', field: '性别', record: <Compared value={p.gender} other={r.gender} />, registry: <Compared value={r.gender} other={p.gender} /> },
    {
      key: 'region',
      field: '所在地区',
      record: <Compared value={regionText(p.regionName, p.regionCode)} other={regionText(r.regionName, r.regionCode)} />,
      registry: <Compared value={regionText(r.regionName, r.regionCode)} other={regionText(p.regionName, p.regionCode)} />,
    },
    { key: 'household', field: '户编号', record: <Typography.Text type="secondary">—</Typography.Text>, registry: r.household ?? '—' },
    { key: 'status', field: '贫困状态', record: <Typography.Text type="secondary">—</Typography.Text>, registry: r.povertyStatus ? <Tag color="orange">{r.povertyStatus}</Tag> : '—' },
  ];
  const diffText = diffPositionsText(item.idDiff);
  return (
    <Card
      size="small"
      data-testid="review-item"
      title={
        <Flex gap={8} align="center" wrap>
          <Tag color={tierColor(item.tier)} style={{ marginInlineEnd: 0 }}>
            {tierLabel(item.tier)}
          </Tag>
          <Link to={`/registry/${p.id}`}>{p.name}</Link>
          <Tooltip title="比对引擎对“是同一人”的把握">
            <Typography.Text type="secondary">置信度 {confidenceText(item.confidence)}</Typography.Text>
          </Tooltip>
        </Flex>
      }
      extra={
        <Space size={4}>
          <Button type="primary" size="small" icon={<CheckOutlined />} onClick={() => onDecide('accept')}>
            确认匹配
          </Button>
          <Button size="small" danger icon={<CloseOutlined />} onClick={() => onDecide('reject')}>
            否定匹配
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text>{item.explanation}</Typography.Text>
        {diffText ? <Typography.Text type="secondary">身份证号不同之处：{diffText}（红色标出）</Typography.Text> : null}
        <Table<Row> rowKey="key" size="small" columns={COMPARE_COLUMNS} dataSource={rows} pagination={false} bordered />
      </Space>
    </Card>
  );
}

function DecisionDialog({ target, onClose, onDone }: { target: { item: ReviewItem; decision: 'accept' | 'reject' } | null; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const accept = target?.decision === 'accept';
  const submit = async () => {
    if (!target) return;
    const { reason } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await decideReview(target.item.id, target.decision, reason.trim());
      message.success(accept ? `已确认“${target.item.person.name}”为建档立卡人员` : `已否定“${target.item.person.name}”的匹配`);
      form.resetFields();
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const name = target?.item.person.name ?? '';
  return (
    <Modal
      title={accept ? `确认匹配：${name}` : `否定匹配：${name}`}
      open={target !== null}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={accept ? '确认' : '否定'}
      okButtonProps={{ danger: !accept }}
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Typography.Paragraph type="secondary">
        {accept ? `确认后，该人员的贫困状态将按建档立卡数据更新为“${target?.item.registry.povertyStatus ?? '—'}”。` : '否定后，该人员不按此候选认定为建档立卡人员。'}
        复核理由将记入审计日志。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label="复核理由"
          rules={[
            { required: true, whitespace: true, message: '请填写复核理由' },
            { min: 2, message: '复核理由至少 2 个字' },
            { max: 500, message: '复核理由最多 500 个字' },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={500} placeholder={accept ? '例如：经入户核实为同一人，姓名为曾用名' : '例如：经核实出生日期、家庭成员均不符，不是同一人'} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function ReviewQueuePage() {
  const me = useMe();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: ReviewItem[]; total: number } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [target, setTarget] = useState<{ item: ReviewItem; decision: 'accept' | 'reject' } | null>(null);

  const load = useCallback(async (p: number) => {
    setLoading(true);
    setError(null);
    try {
      const r = await fetchReviews({ page: p, pageSize: PAGE_SIZE });
      // A page emptied by decisions: step back to the last page that still has items.
      if (r.items.length === 0 && p > 1 && r.total > 0) {
        setPage(Math.ceil(r.total / PAGE_SIZE));
        return;
      }
      setData(r);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(page);
  }, [load, page]);

  return (
    <PageLayout
      title="人工复核"
      subTitle={`${me.scope.regionName ?? me.scope.regionCode}${data ? ` · 待复核 ${data.total} 条` : ''}`}
      card={false}
      extra={
        <>
          <Link to="/matching">
            <Button icon={<ArrowLeftOutlined />}>返回精准比对</Button>
          </Link>
          <Button icon={<ReloadOutlined />} onClick={() => void load(page)}>
            刷新
          </Button>
        </>
      }
    >
      <Spin spinning={loading}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {error ? <Alert type="error" showIcon title={error} /> : null}
          {data && data.items.length === 0 ? (
            <Card>
              <Empty description="没有待复核的比对结果" />
            </Card>
          ) : null}
          {data?.items.map((item) => (
            <ReviewCard key={item.id} item={item} onDecide={(decision) => setTarget({ item, decision })} />
          ))}
          {data && data.total > PAGE_SIZE ? (
            <Flex justify="end">
              <Pagination current={page} pageSize={PAGE_SIZE} total={data.total} showSizeChanger={false} showTotal={(t) => `共 ${t} 条`} onChange={(p) => setPage(p)} />
            </Flex>
          ) : null}
        </Space>
      </Spin>
      <DecisionDialog
        target={target}
        onClose={() => setTarget(null)}
        onDone={() => {
          setTarget(null);
          void load(page);
        }}
      />
    </PageLayout>
  );
}
