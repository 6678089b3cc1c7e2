/** The outcome tabs of a class: 结业考核, 证书, 就业回访 (with the employment rate), 抽查. */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Checkbox, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Statistic, Switch, Table, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { CERT_TYPE_LABEL, CERT_TYPES } from '../../../../common/schemas/training.ts';
import { errorMessage } from '../../api/client.ts';
import { addCertificate, addEmployment, fetchEmploymentRate, recordResults, recordSpotCheck, type EmploymentRate, type RosterItem, type TrainingClass } from '../../api/training.ts';
import { todayCst } from '../registry/options.ts';
import { LEVEL_LABEL } from './labels.tsx';

const ymd = (d: Dayjs) => d.format('YYYY-MM-DD');
const traineeOptions = (roster: RosterItem[]) => roster.map((r) => ({ value: r.traineeId, label: `${r.name}（${r.idNumber}）` }));

/** 结业考核: completion and pass per trainee, after the class has ended. */
export function ResultsPanel({ cls, roster, onChanged }: { cls: TrainingClass; roster: RosterItem[]; onChanged: () => void }) {
  const { message } = App.useApp();
  const [rows, setRows] = useState<Record<number, { completed: boolean; passed: boolean }>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setRows(Object.fromEntries(roster.map((r) => [r.traineeId, { completed: r.status !== 'dropped', passed: r.passed ?? r.status !== 'dropped' }])));
  }, [roster]);

  const set = (id: number, patch: Partial<{ completed: boolean; passed: boolean }>) =>
    setRows((s) => {
      const next = { ...s[id], ...patch };
      if (!next.completed) next.passed = false; // not completed ⇒ not passed
      return { ...s, [id]: next };
    });

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await recordResults(
        cls.id,
        roster.map((r) => ({ traineeId: r.traineeId, ...rows[r.traineeId] })),
      );
      message.success('已保存结业考核结果');
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<RosterItem> = [
    { title: '姓名', dataIndex: 'name' },
    { title: '身份证号', dataIndex: 'idNumber', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: '出勤天数', dataIndex: 'daysAttended' },
    { title: '完成培训', key: 'completed', render: (_: unknown, r) => <Checkbox checked={rows[r.traineeId]?.completed ?? false} onChange={(e) => set(r.traineeId, { completed: e.target.checked })} /> },
    {
      title: '考核合格',
      key: 'passed',
      render: (_: unknown, r) => <Checkbox checked={rows[r.traineeId]?.passed ?? false} disabled={!rows[r.traineeId]?.completed} onChange={(e) => set(r.traineeId, { passed: e.target.checked })} />,
    },
  ];
  if (roster.length === 0) return <Alert type="info" showIcon title="花名册为空，暂无可录入的学员。" />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Alert type="info" showIcon title={`结业考核结果须在班级结束（${cls.endDate}）后录入；未完成培训的学员按退训处理。`} />
      {error ? <Alert type="error" showIcon title={error} /> : null}
      <Table<RosterItem> rowKey="traineeId" size="small" columns={columns} dataSource={roster} pagination={false} scroll={{ x: 'max-content' }} />
      <Button type="primary" loading={busy} onClick={() => void submit()}>
        保存考核结果
      </Button>
    </Space>
  );
}

/** 证书: registers a certificate of a trainee (types and levels of the national system). */
export function CertificatePanel({ cls, roster }: { cls: TrainingClass; roster: RosterItem[] }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ traineeId: number; certType: (typeof CERT_TYPES)[number]; level?: number; certNo: string; issuedOn: Dayjs; issuer: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const certType = Form.useWatch('certType', form);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await addCertificate(cls.id, { traineeId: v.traineeId, certType: v.certType, level: v.level ?? null, certNo: v.certNo.trim(), issuedOn: ymd(v.issuedOn), issuer: v.issuer.trim() });
      message.success('已登记证书');
      form.resetFields(['traineeId', 'certNo']);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 720 }} initialValues={{ certType: cls.level ? 'skill_level' : 'special_ability', level: cls.level ?? undefined, issuedOn: dayjs() }}>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="traineeId" label="学员" rules={[{ required: true, message: '请选择学员' }]}>
            <Select showSearch optionFilterProp="label" options={traineeOptions(roster)} placeholder="从花名册中选择" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="certType" label="证书类型" rules={[{ required: true, message: '请选择证书类型' }]}>
            <Select options={CERT_TYPES.map((t) => ({ value: t, label: CERT_TYPE_LABEL[t] }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="level" label="等级" rules={[{ required: certType === 'vocational_qualification' || certType === 'skill_level', message: '职业资格、技能等级证书须填写等级' }]}>
            <Select allowClear options={Object.entries(LEVEL_LABEL).map(([value, label]) => ({ value: Number(value), label }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="certNo" label="证书编号" rules={[{ required: true, whitespace: true, message: '请填写证书编号' }, { max: 60 }]}>
            <Input maxLength={60} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="issuedOn" label="发证日期" rules={[{ required: true, message: '请选择发证日期' }]}>
            <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="issuer" label="发证机构" rules={[{ required: true, whitespace: true, message: '请填写发证机构' }, { max: 100 }]}>
            <Input maxLength={100} placeholder="如：昭通市职业技能鉴定中心" />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" loading={busy} disabled={roster.length === 0} onClick={() => void submit().catch(() => undefined)}>
        登记证书
      </Button>
    </Form>
  );
}

const PLACE_OPTIONS = [
  { value: 'local', label: '县内就业' },
  { value: 'in_province', label: '省内县外就业' },
  { value: 'out_of_province', label: '省外就业' },
];

/** 就业回访: the class's employment rate and the follow-up form. */
export function EmploymentPanel({ cls, roster }: { cls: TrainingClass; roster: RosterItem[] }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ traineeId: number; selfEmployed: boolean; employer?: string; startDate: Dayjs; monthlyWageYuan?: number; place: 'local' | 'in_province' | 'out_of_province' }>();
  const [rate, setRate] = useState<EmploymentRate | null>(null);
  const [rateError, setRateError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const selfEmployed = Form.useWatch('selfEmployed', form);

  const loadRate = useCallback(async () => {
    try {
      setRate(await fetchEmploymentRate(cls.id));
      setRateError(null);
    } catch (err) {
      setRateError(errorMessage(err));
    }
  }, [cls.id]);
  useEffect(() => {
    void loadRate();
  }, [loadRate]);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await addEmployment(cls.id, {
        traineeId: v.traineeId,
        selfEmployed: v.selfEmployed,
        employer: v.employer?.trim() || undefined,
        startDate: ymd(v.startDate),
        monthlyWageYuan: v.monthlyWageYuan ?? undefined,
        place: v.place,
      });
      message.success('已登记就业回访');
      form.resetFields(['traineeId', 'employer', 'monthlyWageYuan']);
      void loadRate();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {rateError ? <Alert type="error" showIcon title={rateError} /> : null}
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Statistic title="就业率" value={rate?.rate === null || rate === null ? '—' : (rate.rate * 100).toFixed(1)} suffix={rate?.rate === null || rate === null ? undefined : '%'} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="计入学员（开班前登记且结业合格）" value={rate?.qualified ?? '—'} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="已就业" value={rate?.employed ?? '—'} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="回访截止日期" value={rate?.windowEnd ?? '—'} />
        </Col>
      </Row>
      <Form form={form} layout="vertical" style={{ maxWidth: 720 }} initialValues={{ selfEmployed: false, place: 'local', startDate: dayjs() }}>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="traineeId" label="学员" rules={[{ required: true, message: '请选择学员' }]}>
              <Select showSearch optionFilterProp="label" options={traineeOptions(roster)} placeholder="从花名册中选择" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="selfEmployed" label="自主创业" valuePropName="checked">
              <Switch checkedChildren="是" unCheckedChildren="否" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="employer" label="就业单位" rules={[{ required: !selfEmployed, whitespace: true, message: '请填写就业单位，或选择自主创业' }, { max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="startDate" label="就业日期" rules={[{ required: true, message: '请选择就业日期' }]}>
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="monthlyWageYuan" label="月工资（元）">
              <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="place" label="就业地点" rules={[{ required: true }]}>
              <Select options={PLACE_OPTIONS} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" loading={busy} disabled={roster.length === 0} onClick={() => void submit().catch(() => undefined)}>
          登记就业回访
        </Button>
      </Form>
    </Space>
  );
}

const FINDINGS = [
  { value: 'absent_trainees', label: '学员缺勤 / 实到人数不符' },
  { value: 'fake_signins', label: '代签、虚假签到' },
  { value: 'wrong_venue', label: '培训地点与备案不符' },
  { value: 'teacher_mismatch', label: '授课教师与备案不符' },
  { value: 'other', label: '其他问题' },
] as const;
type Finding = (typeof FINDINGS)[number]['value'];

/** 抽查: 人社 staff or a third-party reviewer records a spot check; any finding flags the class. */
export function SpotCheckPanel({ cls, onChanged }: { cls: TrainingClass; onChanged: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ checkedOn: Dayjs; expected?: number; present?: number; findings: Finding[]; note?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await recordSpotCheck(cls.id, { checkedOn: ymd(v.checkedOn), expected: v.expected ?? undefined, present: v.present ?? undefined, findings: v.findings ?? [], note: v.note?.trim() || undefined });
      message.success((v.findings ?? []).length > 0 ? '已记录抽查，发现的问题已标记在该班级上' : '已记录抽查');
      form.resetFields();
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 720 }} initialValues={{ checkedOn: dayjs(todayCst()), findings: [], expected: cls.enrolled }}>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="checkedOn" label="抽查日期" rules={[{ required: true, message: '请选择抽查日期' }]}>
            <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="expected" label="应到人数">
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="present" label="实到人数">
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="findings" label="发现问题（未发现问题则不选）">
        <Checkbox.Group options={FINDINGS.map((f) => ({ value: f.value, label: f.label }))} />
      </Form.Item>
      <Form.Item name="note" label="抽查说明" rules={[{ max: 1000 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
      </Form.Item>
      <Button type="primary" loading={busy} onClick={() => void submit().catch(() => undefined)}>
        提交抽查记录
      </Button>
    </Form>
  );
}
