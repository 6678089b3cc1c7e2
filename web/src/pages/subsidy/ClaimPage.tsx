/**
 * /subsidy/claims/:id — one claim: what was claimed, the evaluator's verdict rule by rule
 * (rule code, 通过/核减/未通过, the Chinese explanation with its figures) and person by person,
 * the review history with what changed between steps, the payment and recoveries. Reviewers
 * decide here (通过 / 不予通过, each action carrying its own Idempotency-Key); 人社 staff
 * with subsidy.pay register the payment and recoveries. The server decides visibility.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Empty, Flex, Form, Input, Popconfirm, Result, Skeleton, Space, Statistic, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { CheckOutlined, CloseOutlined, MoneyCollectOutlined, RollbackOutlined } from '@ant-design/icons';
import { ApiError, errorMessage } from '../../api/client.ts';
import { fetchClaim, newIdempotencyKey, payClaim, recordRecovery, reviewClaim, type ClaimDecision, type ClaimDetail } from '../../api/subsidy.ts';
import { useCan, useMe } from '../../auth/AuthContext.tsx';
import { PageLayout } from '../../components/PageLayout.tsx';
import {
  claimKindLabel,
  describeLineState,
  formatFen,
  formatYuan,
  keyForAction,
  parseYuanToFen,
  personLabel,
  REVIEW_DECISION_LABEL,
  reviewLevelLabel,
  roleReviewLevel,
  RULE_OUTCOME_LABEL,
  ruleBreakdown,
  ruleLabel,
  type ActionKey,
  type RuleRow,
} from './format.ts';
import { ClaimStatusTag, DecisionTag, PaymentStatusTag } from './tags.tsx';

type Line = ClaimDecision['lines'][number];

const LEVEL_NAMES = ['county', 'city', 'province'];

/**
 * Whether the claim waits for a reviewer at `level` (0 县级, 1 市级, 2 省级): 县级 decides
 * fresh claims, higher levels claims in review not yet decided at their level. The server
 * enforces the real chain; this only hides buttons that would be refused.
 */
function awaitsLevel(claim: ClaimDetail, level: number | null): boolean {
  if (level === null) return false;
  if (level === 0) return claim.status === 'submitted';
  return claim.status === 'in_review' && !claim.reviews.some((r) => r.level === LEVEL_NAMES[level]);
}

function DecisionPanel({ decision }: { decision: ClaimDecision }) {
  const rows = ruleBreakdown(decision);
  const ruleColumns: TableColumnsType<RuleRow> = [
    { title: '规则', dataIndex: 'rule', width: 230, render: (code: string, r) => (
      <Space orientation="vertical" size={0}>
        <span>{r.label}</span>
        <Typography.Text type="secondary" code>
          {code}
        </Typography.Text>
      </Space>
    ) },
    { title: '结果', dataIndex: 'outcome', width: 90, render: (o: RuleRow['outcome']) => <Tag color={RULE_OUTCOME_LABEL[o].color}>{RULE_OUTCOME_LABEL[o].label}</Tag> },
    { title: '涉及人数', dataIndex: 'persons', width: 90, render: (n: number) => (n > 0 ? n : '—') },
    { title: '金额（元）', dataIndex: 'amount', width: 120, align: 'right', render: (a: number, r) => (r.persons > 0 ? formatYuan(a) : '—') },
    {
      title: '说明',
      dataIndex: 'details',
      render: (d: string[], r) =>
        d.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {d.map((x, i) => (
              <li key={i}>{x}</li>
            ))}
          </ul>
        ) : r.outcome === 'pass' ? (
          `${r.persons} 人符合补贴条件，按标准核定`
        ) : r.persons > 0 ? (
          `${r.persons} 人${ruleLabel(r.rule)}，不予补贴`
        ) : (
          ruleLabel(r.rule)
        ),
    },
  ];
  const lineColumns: TableColumnsType<Line> = [
    { title: '人员', dataIndex: 'person', width: 110, render: personLabel },
    { title: '适用规则', dataIndex: 'rule', render: (code: string) => (
      <span>
        {ruleLabel(code)} <Typography.Text type="secondary" code>{code}</Typography.Text>
      </span>
    ) },
    { title: '金额（元）', dataIndex: 'amount', width: 120, align: 'right', render: (a: number) => formatYuan(a) },
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="rule-explanation">
      <Flex gap={32} wrap align="center">
        <Space>
          <span>核验结论</span>
          <DecisionTag decision={decision.decision} />
        </Space>
        <Statistic title="核验金额（元）" value={formatYuan(decision.amount)} />
        <Statistic title="核验人数" value={decision.lines.length} />
      </Flex>
      <Table<RuleRow> rowKey="rule" size="small" columns={ruleColumns} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} data-testid="rule-table" />
      {decision.lines.length > 0 ? (
        <>
          <Typography.Text strong>逐人核验明细</Typography.Text>
          <Table<Line> rowKey={(l, i) => `${l.person}-${i ?? 0}`} size="small" columns={lineColumns} dataSource={decision.lines} pagination={{ pageSize: 20, hideOnSinglePage: true }} data-testid="line-table" />
        </>
      ) : null}
    </Space>
  );
}

function ReviewHistory({ claim }: { claim: ClaimDetail }) {
  if (claim.reviews.length === 0) return <Empty description="尚无审核记录" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Timeline
        items={claim.reviews.map((r) => ({
          color: r.decision === 'approve' ? 'green' : 'red',
          content: (
            <Space orientation="vertical" size={0}>
              <span>
                <Typography.Text strong>{reviewLevelLabel(r.level)}</Typography.Text>：{REVIEW_DECISION_LABEL[r.decision] ?? r.decision}
                <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                  {r.at}
                </Typography.Text>
              </span>
              <span>审核意见：{r.comment ?? '（无）'}</span>
            </Space>
          ),
        }))}
      />
      <Typography.Text strong>审核环节间的核验变化</Typography.Text>
      {claim.changes.length === 0 ? (
        <Typography.Text type="secondary">各环节重新核验的结果与前一环节一致。</Typography.Text>
      ) : (
        <Table
          rowKey={(c) => `${c.step}-${c.person}`}
          size="small"
          pagination={false}
          dataSource={claim.changes}
          columns={[
            { title: '环节', dataIndex: 'step', width: 110, render: reviewLevelLabel },
            { title: '人员', dataIndex: 'person', width: 110, render: personLabel },
            { title: '变化前', dataIndex: 'from', render: describeLineState },
            { title: '变化后', dataIndex: 'to', render: describeLineState },
          ]}
        />
      )}
    </Space>
  );
}

function ReviewActions({ claim, onDone }: { claim: ClaimDetail; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ comment?: string }>();
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The key of the action in flight or failed: a retry of the same action reuses it.
  const pending = useRef<ActionKey | null>(null);

  const decide = async (decision: 'approve' | 'reject') => {
    const comment = ((form.getFieldValue('comment') as string | undefined) ?? '').trim();
    if (decision === 'reject' && !comment) {
      setError('不予通过时请填写审核意见');
      return;
    }
    const input = { decision, comment: comment || undefined };
    pending.current = keyForAction(pending.current, JSON.stringify([claim.id, input]), newIdempotencyKey);
    setBusy(decision);
    setError(null);
    try {
      const r = await reviewClaim(claim.id, input, pending.current.key);
      pending.current = null;
      form.resetFields();
      if (r.status === 'approved') message.success(`已批准，核定金额 ${formatFen(r.approvedFen)} 元，已生成待发放记录`);
      else if (r.status === 'in_review') message.success('已通过本级审核，转上级审核');
      else message.success('已作出不予通过决定');
      onDone();
    } catch (err) {
      // A 409 means someone decided first: the next action is a new one.
      if (err instanceof ApiError && err.status === 409) pending.current = null;
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title="审核" size="small" data-testid="review-actions">
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical">
        <Form.Item name="comment" label="审核意见" rules={[{ max: 500, message: '意见最多 500 个字' }]} extra="不予通过时必须填写意见；提交前请核对上方逐条规则核验结果。">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} placeholder="例如：材料齐全，核验无误" />
        </Form.Item>
        <Space>
          <Popconfirm title="确认通过本级审核？" okText="通过" cancelText="取消" onConfirm={() => void decide('approve')}>
            <Button type="primary" icon={<CheckOutlined />} loading={busy === 'approve'} disabled={busy !== null}>
              审核通过
            </Button>
          </Popconfirm>
          <Popconfirm title="确认不予通过？该申报将审结。" okText="不予通过" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => void decide('reject')}>
            <Button danger icon={<CloseOutlined />} loading={busy === 'reject'} disabled={busy !== null}>
              不予通过
            </Button>
          </Popconfirm>
        </Space>
      </Form>
    </Card>
  );
}

function PaymentPanel({ claim, canPay, onDone }: { claim: ClaimDetail; canPay: boolean; onDone: () => void }) {
  const { message } = App.useApp();
  const [payForm] = Form.useForm<{ voucherNo: string }>();
  const [recForm] = Form.useForm<{ amount: string; reason: string }>();
  const [busy, setBusy] = useState<'pay' | 'recover' | null>(null);
  const p = claim.payment;
  if (!p) return <Empty description={claim.status === 'approved' ? '暂无付款记录' : '批准后生成待发放记录'} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const recovered = claim.recoveries.reduce((s, r) => s + r.amountFen, 0);

  const pay = async ({ voucherNo }: { voucherNo: string }) => {
    setBusy('pay');
    try {
      await payClaim(claim.id, voucherNo.trim());
      message.success('已登记发放');
      payForm.resetFields();
      onDone();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  const recover = async ({ amount, reason }: { amount: string; reason: string }) => {
    const fen = parseYuanToFen(amount);
    if (fen === null || fen <= 0) return;
    setBusy('recover');
    try {
      await recordRecovery(claim.id, fen, reason.trim());
      message.success(`已登记收回 ${formatFen(fen)} 元`);
      recForm.resetFields();
      onDone();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2, lg: 3 }}>
        <Descriptions.Item label="付款编号">{p.id}</Descriptions.Item>
        <Descriptions.Item label="发放金额（元）">{formatFen(p.amountFen)}</Descriptions.Item>
        <Descriptions.Item label="状态">
          <PaymentStatusTag status={p.status} />
        </Descriptions.Item>
        <Descriptions.Item label="发放时间">{p.paidAt ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="凭证号">{p.voucherNo ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="已收回（元）">{formatFen(recovered)}</Descriptions.Item>
      </Descriptions>
      {canPay && p.status === 'scheduled' ? (
        <Form form={payForm} layout="inline" onFinish={(v) => void pay(v)} style={{ rowGap: 8 }}>
          <Form.Item name="voucherNo" label="发放凭证号" rules={[{ required: true, whitespace: true, message: '请填写发放凭证号' }, { max: 60, message: '凭证号最多 60 个字符' }]}>
            <Input maxLength={60} style={{ width: 220 }} autoComplete="off" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<MoneyCollectOutlined />} loading={busy === 'pay'}>
              登记发放
            </Button>
          </Form.Item>
        </Form>
      ) : null}
      {claim.recoveries.length > 0 ? (
        <Table
          rowKey={(_r, i) => String(i)}
          size="small"
          pagination={false}
          dataSource={claim.recoveries}
          columns={[
            { title: '收回金额（元）', dataIndex: 'amountFen', width: 140, align: 'right', render: (f: number) => formatFen(f) },
            { title: '原因', dataIndex: 'reason' },
            { title: '登记时间', dataIndex: 'at', width: 170 },
          ]}
        />
      ) : null}
      {canPay ? (
        <Form form={recForm} layout="inline" onFinish={(v) => void recover(v)} style={{ rowGap: 8 }}>
          <Form.Item
            name="amount"
            label="收回金额"
            rules={[
              { required: true, message: '请填写收回金额' },
              {
                validator: async (_r, v: string | undefined) => {
                  if (!v) return;
                  const fen = parseYuanToFen(v);
                  if (fen === null || fen <= 0) throw new Error('请填写正确的金额（最多两位小数）');
                  if (fen + recovered > p.amountFen) throw new Error('收回金额超过已付金额');
                },
              },
            ]}
          >
            <Input suffix="元" style={{ width: 160 }} autoComplete="off" />
          </Form.Item>
          <Form.Item name="reason" label="收回原因" rules={[{ required: true, whitespace: true, message: '请填写收回原因' }, { min: 2, message: '原因至少 2 个字' }, { max: 500, message: '原因最多 500 个字' }]}>
            <Input maxLength={500} style={{ width: 320 }} />
          </Form.Item>
          <Form.Item>
            <Button danger htmlType="submit" icon={<RollbackOutlined />} loading={busy === 'recover'}>
              登记收回
            </Button>
          </Form.Item>
        </Form>
      ) : null}
    </Space>
  );
}

export default function ClaimPage() {
  const me = useMe();
  const params = useParams();
  const id = Number(params.id);
  const canReview = useCan('subsidy.review');
  const canPay = useCan('subsidy.pay');
  const [claim, setClaim] = useState<ClaimDetail | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      setClaim(await fetchClaim(id));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [id]);

  useEffect(() => {
    if (Number.isInteger(id) && id > 0) void load();
  }, [id, load]);

  if (!Number.isInteger(id) || id <= 0 || (error instanceof ApiError && error.status === 404)) {
    return <Result status="404" title="补贴申报不存在或无权访问" extra={<Link to="/">返回首页</Link>} />;
  }
  if (error && !claim) return <Alert type="error" showIcon title={errorMessage(error)} />;
  if (!claim) return <Skeleton active />;

  const atMyLevel = awaitsLevel(claim, roleReviewLevel(me.user.role));

  return (
    <PageLayout title={`补贴申报 #${claim.id}`} subTitle={claimKindLabel(claim.kind)} extra={<ClaimStatusTag status={claim.status} />} card={false}>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card variant="borderless">
          <Descriptions bordered size="small" column={{ xs: 1, md: 2, lg: 3 }} data-testid="claim-info">
            <Descriptions.Item label="补贴类型">{claimKindLabel(claim.kind)}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <ClaimStatusTag status={claim.status} />
            </Descriptions.Item>
            <Descriptions.Item label="申报时间">{claim.submittedAt}</Descriptions.Item>
            <Descriptions.Item label="培训班">{claim.classId ? <Link to={`/training/classes/${claim.classId}`}>培训班 {claim.classId}</Link> : '—'}</Descriptions.Item>
            <Descriptions.Item label="人员">{claim.personId ? personLabel(`P${claim.personId}`) : '—'}</Descriptions.Item>
            <Descriptions.Item label="区划代码">{claim.regionCode}</Descriptions.Item>
            <Descriptions.Item label="适用政策">
              {claim.policySetId}（第 {claim.policyVersion} 版）
            </Descriptions.Item>
            <Descriptions.Item label="核验金额（元）">{formatFen(claim.requestedFen)}</Descriptions.Item>
            <Descriptions.Item label="核定金额（元）">{formatFen(claim.approvedFen)}</Descriptions.Item>
          </Descriptions>
        </Card>
        {canReview && atMyLevel ? <ReviewActions claim={claim} onDone={() => void load()} /> : null}
        <Card title="逐条规则核验" variant="borderless">
          {claim.decision ? <DecisionPanel decision={claim.decision} /> : <Empty description="暂无核验结果" image={Empty.PRESENTED_IMAGE_SIMPLE} />}
        </Card>
        <Card title="审核记录" variant="borderless" data-testid="review-history">
          <ReviewHistory claim={claim} />
        </Card>
        <Card title="发放与收回" variant="borderless">
          <PaymentPanel claim={claim} canPay={canPay} onDone={() => void load()} />
        </Card>
      </Space>
    </PageLayout>
  );
}
