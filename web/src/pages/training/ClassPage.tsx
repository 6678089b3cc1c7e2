/**
 * /training/classes/:id — one class: its filing and review, the real-name roster (登记学员 with
 * the registry check), 课次与签到, 结业考核, 证书, 就业回访 and 抽查. What is offered follows
 * the user's role; the server decides (an institution sees only its own classes).
 */
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Descriptions, Form, Input, Popconfirm, Result, Skeleton, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { SendOutlined, UserAddOutlined } from '@ant-design/icons';
import { ApiError, errorMessage } from '../../api/client.ts';
import { enrolTrainee, fetchClass, fetchRoster, fileClass, type RosterItem, type TrainingClass } from '../../api/training.ts';
import { useCan, useMe } from '../../auth/AuthContext.tsx';
import { PageLayout } from '../../components/PageLayout.tsx';
import { todayCst } from '../registry/options.ts';
import { ClassStatusTag, FiledInTimeTag, levelLabel, MODE_LABEL, trainingTypeLabel } from './labels.tsx';
import { SessionPanel } from './SessionPanel.tsx';
import { CertificatePanel, EmploymentPanel, ResultsPanel, SpotCheckPanel } from './OutcomePanels.tsx';

const ROSTER_STATUS: Record<string, { label: string; color: string }> = {
  enrolled: { label: '在训', color: 'processing' },
  completed: { label: '已结业', color: 'success' },
  dropped: { label: '退训', color: 'default' },
};

function EnrolForm({ cls, onDone }: { cls: TrainingClass; onDone: () => void }) {
  const [form] = Form.useForm<{ idNumber: string; name: string; voucherCode?: string }>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ type: 'success' | 'warning' | 'error'; title: string; lines: string[] } | null>(null);
  const submit = async (v: { idNumber: string; name: string; voucherCode?: string }) => {
    setBusy(true);
    setResult(null);
    try {
      const r = await enrolTrainee(cls.id, { idNumber: v.idNumber.trim(), name: v.name.trim(), voucherCode: v.voucherCode?.trim() || undefined });
      setResult({ type: r.warnings.length > 0 ? 'warning' : 'success', title: `已登记 ${v.name.trim()}${r.registeredBeforeStart ? '（开班前登记）' : ''}`, lines: r.warnings });
      form.resetFields();
      onDone();
    } catch (err) {
      setResult({ type: 'error', title: errorMessage(err), lines: [] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form form={form} layout="inline" onFinish={(v) => void submit(v)} style={{ rowGap: 8 }}>
        <Form.Item name="idNumber" label="身份证号" rules={[{ required: true, whitespace: true, message: '请输入身份证号' }, { min: 15, max: 30, message: '身份证号长度不正确' }]}>
          <Input maxLength={20} style={{ width: 200 }} autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
          <Input maxLength={30} style={{ width: 120 }} autoComplete="off" />
        </Form.Item>
        <Form.Item name="voucherCode" label="培训券编号">
          <Input maxLength={40} style={{ width: 180 }} placeholder="可选" autoComplete="off" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<UserAddOutlined />} loading={busy}>
            登记学员
          </Button>
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">学员须已在实名台账中登记且姓名一致（凡补必进，不进不补）；开班后登记的学员不计入补贴。</Typography.Text>
      {result ? (
        <Alert
          type={result.type}
          showIcon
          title={result.title}
          description={result.lines.length > 0 ? <ul style={{ margin: 0, paddingInlineStart: 20 }}>{result.lines.map((l) => <li key={l}>{l}</li>)}</ul> : undefined}
          closable={{ onClose: () => setResult(null) }}
          data-testid="enrol-result"
        />
      ) : null}
    </Space>
  );
}

function RosterTable({ roster }: { roster: RosterItem[] }) {
  const columns: TableColumnsType<RosterItem> = [
    { title: '姓名', dataIndex: 'name', width: 100 },
    { title: '身份证号', dataIndex: 'idNumber', width: 190, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: '报名方式', dataIndex: 'channel', width: 100, render: (c: string) => (c === 'online' ? '网上报名' : '机构登记') },
    { title: '开班前登记', dataIndex: 'registeredBeforeStart', width: 110, render: (b: boolean) => (b ? <Tag color="green">是</Tag> : <Tag color="red">否（不计补贴）</Tag>) },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => <Tag color={ROSTER_STATUS[s]?.color}>{ROSTER_STATUS[s]?.label ?? s}</Tag> },
    { title: '出勤天数', dataIndex: 'daysAttended', width: 90 },
    { title: '考核', dataIndex: 'passed', width: 90, render: (p: boolean | null) => (p === null ? '—' : p ? <Tag color="green">合格</Tag> : <Tag color="red">不合格</Tag>) },
    { title: '培训券', dataIndex: 'voucherCode', width: 170, render: (v: string | null) => v ?? '—' },
    { title: '就业', dataIndex: 'employed', width: 80, render: (e: boolean) => (e ? <Tag color="blue">已就业</Tag> : '—') },
  ];
  return <Table<RosterItem> rowKey="traineeId" size="small" columns={columns} dataSource={roster} pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} data-testid="roster" />;
}

export default function ClassPage() {
  const me = useMe();
  const { message } = App.useApp();
  const params = useParams();
  const id = Number(params.id);
  const canFollowup = useCan('training.followup');
  const canSupervise = useCan('training.supervise');
  const [cls, setCls] = useState<TrainingClass | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [roster, setRoster] = useState<RosterItem[] | null>(null);
  const [rosterError, setRosterError] = useState<string | null>(null);
  const [filing, setFiling] = useState(false);
  const isTrainee = me.user.role === 'trainee';

  const loadClass = useCallback(async () => {
    try {
      setCls(await fetchClass(id));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [id]);
  const loadRoster = useCallback(async () => {
    if (isTrainee) return;
    try {
      setRoster((await fetchRoster(id)).items);
      setRosterError(null);
    } catch (err) {
      setRosterError(errorMessage(err));
    }
  }, [id, isTrainee]);

  useEffect(() => {
    if (!Number.isInteger(id) || id <= 0) return;
    void loadClass();
    void loadRoster();
  }, [id, loadClass, loadRoster]);

  const reload = useCallback(() => {
    void loadClass();
    void loadRoster();
  }, [loadClass, loadRoster]);

  if (!Number.isInteger(id) || id <= 0 || (error instanceof ApiError && error.status === 404)) {
    return <Result status="404" title="培训班不存在或无权访问" extra={<Link to="/">返回首页</Link>} />;
  }
  if (error && !cls) return <Alert type="error" showIcon title={errorMessage(error)} />;
  if (!cls) return <Skeleton active />;

  const isOwner = me.user.role === 'institution' && me.user.orgId === cls.orgId;
  const canFile = isOwner && (cls.status === 'draft' || cls.status === 'rejected') && cls.startDate > todayCst();

  const onFile = async () => {
    setFiling(true);
    try {
      await fileClass(cls.id);
      message.success('已提交开班备案，等待人社部门审核');
      reload();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setFiling(false);
    }
  };

  const info = (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {cls.status === 'rejected' && cls.reviewComment ? <Alert type="error" showIcon title="开班备案被退回" description={`退回意见：${cls.reviewComment}`} /> : null}
      {cls.flagged ? <Alert type="warning" showIcon title="该班级在抽查中发现问题，已标记" /> : null}
      <Descriptions bordered size="small" column={{ xs: 1, md: 2, lg: 3 }}>
        <Descriptions.Item label="培训机构">{cls.orgName}</Descriptions.Item>
        <Descriptions.Item label="培训工种">
          {cls.occupationName}（{cls.occupationCode}）
        </Descriptions.Item>
        <Descriptions.Item label="等级">{levelLabel(cls.level)}</Descriptions.Item>
        <Descriptions.Item label="培训类型">{trainingTypeLabel(cls.trainingType)}</Descriptions.Item>
        <Descriptions.Item label="培训方式">{MODE_LABEL[cls.mode] ?? cls.mode}</Descriptions.Item>
        <Descriptions.Item label="重点群体班">{cls.keyGroup ? '是' : '否'}</Descriptions.Item>
        <Descriptions.Item label="培训时间">
          {cls.startDate} 至 {cls.endDate}
        </Descriptions.Item>
        <Descriptions.Item label="培训地点" span={2}>
          {cls.venue}
        </Descriptions.Item>
        <Descriptions.Item label="授课教师">{cls.teachers}</Descriptions.Item>
        <Descriptions.Item label="人数（已报名 / 计划）">
          {cls.enrolled} / {cls.plannedSize}
        </Descriptions.Item>
        <Descriptions.Item label="区划代码">{cls.regionCode}</Descriptions.Item>
        <Descriptions.Item label="状态">
          <ClassStatusTag status={cls.status} />
        </Descriptions.Item>
        <Descriptions.Item label="备案时间">{cls.filedAt ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="备案">
          <FiledInTimeTag value={cls.filedInTime} />
        </Descriptions.Item>
      </Descriptions>
    </Space>
  );

  const rosterTab = rosterError ? (
    <Alert type="error" showIcon title={rosterError} />
  ) : roster === null ? (
    <Skeleton active />
  ) : (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {isOwner && (cls.status === 'approved' || cls.status === 'filed') ? <EnrolForm cls={cls} onDone={reload} /> : null}
      <RosterTable roster={roster} />
    </Space>
  );

  const items = [
    { key: 'info', label: '基本信息', children: info },
    ...(isTrainee ? [] : [{ key: 'roster', label: `花名册（${roster?.length ?? cls.enrolled}）`, children: rosterTab }]),
    ...(isOwner ? [{ key: 'sessions', label: '课次与签到', children: <SessionPanel cls={cls} roster={roster ?? []} onChanged={reload} /> }] : []),
    ...(isOwner ? [{ key: 'results', label: '结业考核', children: <ResultsPanel cls={cls} roster={roster ?? []} onChanged={reload} /> }] : []),
    ...(isOwner ? [{ key: 'certs', label: '证书', children: <CertificatePanel cls={cls} roster={(roster ?? []).filter((r) => r.passed !== false)} /> }] : []),
    ...(canFollowup && !isTrainee ? [{ key: 'employment', label: '就业回访', children: <EmploymentPanel cls={cls} roster={roster ?? []} /> }] : []),
    ...(canSupervise ? [{ key: 'spot', label: '抽查', children: <SpotCheckPanel cls={cls} onChanged={reload} /> }] : []),
  ];

  return (
    <PageLayout
      title={cls.name}
      documentTitle={`培训班：${cls.name}`}
      subTitle={
        <Space size={4}>
          <ClassStatusTag status={cls.status} />
          <FiledInTimeTag value={cls.filedInTime} />
        </Space>
      }
      extra={
        canFile ? (
          <Popconfirm title="提交开班备案？" description="备案后由人社部门审核，审核通过后方可开班。" okText="提交" cancelText="取消" onConfirm={() => void onFile()}>
            <Button type="primary" icon={<SendOutlined />} loading={filing}>
              开班备案
            </Button>
          </Popconfirm>
        ) : undefined
      }
    >
      <Tabs items={items} destroyOnHidden={false} />
    </PageLayout>
  );
}
