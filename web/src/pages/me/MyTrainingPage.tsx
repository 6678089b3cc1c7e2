/**
 * /me — 我的培训 for trainees (phone first): the classes open to them, 网上报名 before the
 * start, 签到 while a class runs, and the satisfaction survey (满意度评价) after it ends.
 */
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Form, Input, List, Modal, Rate, Space, Tag, Typography } from 'antd';
import { FormOutlined, QrcodeOutlined, StarOutlined } from '@ant-design/icons';
import { ApiError, errorMessage, type Paged } from '../../api/client.ts';
import { answerSurvey, fetchClasses, registerOnline, type TrainingClass } from '../../api/training.ts';
import { useMe } from '../../auth/AuthContext.tsx';
import { PageLayout } from '../../components/PageLayout.tsx';
import { todayCst } from '../registry/options.ts';
import { ClassStatusTag, levelLabel, MODE_LABEL, trainingTypeLabel } from '../training/labels.tsx';
import { registeredClassIds, rememberRegistration } from './myClasses.ts';

const PAGE_SIZE = 10;
const SCORE_TEXT = ['很不满意', '不满意', '一般', '满意', '非常满意'];

function RegisterDialog({ cls, onClose, onDone }: { cls: TrainingClass | null; onClose: () => void; onDone: (cls: TrainingClass, warnings: string[]) => void }) {
  const [form] = Form.useForm<{ voucherCode?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!cls) return;
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const r = await registerOnline(cls.id, v.voucherCode?.trim() || undefined);
      form.resetFields();
      onDone(cls, r.warnings);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && /已在本班名单/.test(err.message)) {
        onDone(cls, ['您已在该班名单中，无需重复报名']);
      } else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="网上报名" open={cls !== null} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} okText="确认报名" cancelText="取消" confirmLoading={busy} destroyOnHidden>
      {cls ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>{cls.name}</Typography.Text>
          <Typography.Text type="secondary">
            {cls.orgName} · {cls.startDate} 开班 · {cls.venue}
          </Typography.Text>
          {error ? <Alert type="error" showIcon title={error} /> : null}
          <Form form={form} layout="vertical" preserve={false}>
            <Form.Item name="voucherCode" label="职业培训券编号" extra="持有培训券的请填写，报名成功即兑付；没有可不填。" rules={[{ max: 40 }]}>
              <Input size="large" maxLength={40} placeholder="如 PXQ2026…" autoComplete="off" />
            </Form.Item>
          </Form>
        </Space>
      ) : null}
    </Modal>
  );
}

function SurveyDialog({ cls, onClose }: { cls: TrainingClass | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ score: number; comment?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!cls) return;
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await answerSurvey(cls.id, { score: v.score, comment: v.comment?.trim() || undefined });
      message.success('感谢您的评价');
      form.resetFields();
      onClose();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? '您不在该班名单中，不能评价' : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="培训满意度评价" open={cls !== null} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} okText="提交评价" cancelText="取消" confirmLoading={busy} destroyOnHidden>
      {cls ? <Typography.Paragraph strong>{cls.name}</Typography.Paragraph> : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="score" label="总体满意度" rules={[{ required: true, message: '请选择满意度' }]}>
          <Rate tooltips={SCORE_TEXT} style={{ fontSize: 32 }} />
        </Form.Item>
        <Form.Item name="comment" label="意见和建议" rules={[{ max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={500} placeholder="教学内容、老师、场地、就业帮助等（可不填）" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function MyTrainingPage() {
  const me = useMe();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Paged<TrainingClass>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [mine, setMine] = useState<Set<number>>(() => registeredClassIds(me.user.id));
  const [registering, setRegistering] = useState<TrainingClass | null>(null);
  const [surveying, setSurveying] = useState<TrainingClass | null>(null);
  const today = todayCst();

  const load = useCallback(async (p: number) => {
    setLoading(true);
    try {
      setData(await fetchClasses({ page: p, pageSize: PAGE_SIZE }));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load(page);
  }, [load, page]);

  const onRegistered = (cls: TrainingClass, warnings: string[]) => {
    setRegistering(null);
    setMine(rememberRegistration(me.user.id, cls.id));
    void load(page);
    if (warnings.length > 0) modal.warning({ title: `已报名：${cls.name}`, content: <ul style={{ paddingInlineStart: 20 }}>{warnings.map((w) => <li key={w}>{w}</li>)}</ul> });
    else message.success(`报名成功：${cls.name}，请按时参加培训`);
  };

  const actions = (c: TrainingClass) => {
    const out = [];
    const registered = mine.has(c.id) || c.status !== 'approved';
    if (c.status === 'approved' && c.startDate > today && !registered) {
      out.push(
        <Button key="reg" type="primary" icon={<FormOutlined />} onClick={() => setRegistering(c)}>
          网上报名
        </Button>,
      );
    }
    if (c.status === 'approved' && c.startDate <= today && c.endDate >= today) {
      out.push(
        <Button key="sign" icon={<QrcodeOutlined />} onClick={() => void navigate('/sign-in')}>
          签到
        </Button>,
      );
    }
    if (c.endDate <= today) {
      out.push(
        <Button key="survey" icon={<StarOutlined />} onClick={() => setSurveying(c)}>
          评价
        </Button>,
      );
    }
    return out;
  };

  return (
    <PageLayout
      title="我的培训"
      subTitle={me.user.displayName}
      extra={
        <Button type="primary" size="large" icon={<QrcodeOutlined />} onClick={() => void navigate('/sign-in')}>
          扫码签到
        </Button>
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Text type="secondary">下列为已审核开班的培训班和您报名的班级。开班前可网上报名；上课时在课堂上扫码签到；结业后请为培训打分。</Typography.Text>
        {error ? <Alert type="error" showIcon title={error} /> : null}
        <List<TrainingClass>
          loading={loading}
          dataSource={data.items}
          locale={{ emptyText: '暂无可报名的培训班' }}
          pagination={data.total > PAGE_SIZE ? { current: page, pageSize: PAGE_SIZE, total: data.total, onChange: setPage, size: 'small', showSizeChanger: false } : false}
          renderItem={(c) => (
            <List.Item style={{ paddingInline: 0 }}>
              <Card size="small" style={{ width: '100%' }} data-testid="my-class" data-class-id={c.id}>
                <Flex vertical gap={6}>
                  <Flex justify="space-between" align="flex-start" gap={8} wrap>
                    <Typography.Text strong style={{ fontSize: 16 }}>
                      {c.name}
                    </Typography.Text>
                    <Space size={4} wrap>
                      {mine.has(c.id) || c.status !== 'approved' ? <Tag color="green">已报名</Tag> : null}
                      {c.status === 'approved' ? (c.startDate > today ? <Tag color="blue">报名中</Tag> : c.endDate >= today ? <Tag color="processing">培训中</Tag> : <Tag>已结束</Tag>) : <ClassStatusTag status={c.status} />}
                    </Space>
                  </Flex>
                  <Typography.Text type="secondary">
                    {c.orgName} · {c.occupationName}（{levelLabel(c.level)}）· {trainingTypeLabel(c.trainingType)} · {MODE_LABEL[c.mode] ?? c.mode}
                  </Typography.Text>
                  <Typography.Text>
                    {c.startDate} 至 {c.endDate} · {c.venue}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    已报名 {c.enrolled} / {c.plannedSize} 人
                  </Typography.Text>
                  {actions(c).length > 0 ? (
                    <Flex gap={8} wrap>
                      {actions(c)}
                    </Flex>
                  ) : null}
                </Flex>
              </Card>
            </List.Item>
          )}
        />
      </Space>
      <RegisterDialog cls={registering} onClose={() => setRegistering(null)} onDone={onRegistered} />
      <SurveyDialog cls={surveying} onClose={() => setSurveying(null)} />
    </PageLayout>
  );
}
