/**
 * 新建申报: the claim kinds the caller's organisation may submit (培训机构: 职业培训补贴、
 * 生活费交通费补贴; 企业: 以工代训、直补企业、新型学徒制). The server evaluates the claim at
 * once; the dialog then opens the claim with its rule-by-rule explanation.
 */
import { useEffect, useState } from 'react';
import { Alert, Checkbox, Col, Form, InputNumber, Modal, Row, Select, Switch, Typography } from 'antd';
import { errorMessage } from '../../api/client.ts';
import { fetchClasses, fetchRoster, type RosterItem, type TrainingClass } from '../../api/training.ts';
import { submitClaim, type SubmitClaimData } from '../../api/subsidy.ts';
import { todayCst } from '../registry/options.ts';
import { claimKindLabel, type ClaimKind } from './format.ts';

const EVIDENCE_OPTIONS = [
  { value: 'plan', label: '培训计划' },
  { value: 'sign_in', label: '学员签到表' },
  { value: 'video', label: '培训视频类资料' },
  { value: 'roster', label: '花名册' },
  { value: 'invoice', label: '培训补贴发票' },
];

interface FormValues {
  kind: ClaimKind;
  classId?: number;
  personId?: number;
  livingPerDayYuan?: number;
  transportPerDayYuan?: number;
  standardYuan?: number;
  wageYuan?: number;
  minWageYuan?: number;
  year?: number;
  hasCertificate?: boolean;
  certLevel?: number;
  certStandardYuan?: number;
  certHigherThanBefore?: boolean;
  wageArrearsSince2020?: boolean;
  classified?: boolean;
  sampleChecked?: number;
  sampleUnaware?: number;
  evidence?: string[];
}

/** The request body of the form values (only the fields of the chosen kind). */
function toInput(v: FormValues): SubmitClaimData {
  const enterprise = { wageArrearsSince2020: v.wageArrearsSince2020 ?? false, classified: v.classified ?? false, sampleChecked: v.sampleChecked ?? 0, sampleUnaware: v.sampleUnaware ?? 0 };
  switch (v.kind) {
    case 'training':
      return { kind: v.kind, classId: v.classId };
    case 'living_allowance':
      return { kind: v.kind, classId: v.classId, personId: v.personId, livingPerDayYuan: v.livingPerDayYuan ?? 0, transportPerDayYuan: v.transportPerDayYuan ?? 0 };
    case 'direct_enterprise':
      return { kind: v.kind, classId: v.classId, evidence: v.evidence ?? [], enterprise };
    case 'work_as_training':
      return {
        kind: v.kind,
        personId: v.personId,
        standardYuan: v.standardYuan,
        wageYuan: v.wageYuan,
        minWageYuan: v.minWageYuan,
        certificate: v.hasCertificate ? { level: v.certLevel ?? 5, standardYuan: v.certStandardYuan ?? 0, higherThanBefore: v.certHigherThanBefore ?? false } : null,
        enterprise,
      };
    case 'apprenticeship':
      return { kind: v.kind, personId: v.personId, year: v.year, standardYuan: v.standardYuan };
    case 'student_aid':
      return { kind: v.kind };
  }
}

const yuanInput = <InputNumber min={0} max={10_000_000} precision={2} style={{ width: '100%' }} suffix="元" />;

export function CreateClaimDialog({ open, kinds, onClose, onCreated }: { open: boolean; kinds: ClaimKind[]; onClose: () => void; onCreated: (id: number) => void }) {
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form);
  const classId = Form.useWatch('classId', form);
  const hasCertificate = Form.useWatch('hasCertificate', form);
  const [classes, setClasses] = useState<TrainingClass[] | null>(null);
  const [roster, setRoster] = useState<RosterItem[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const needsClassList = kind === 'training' || kind === 'living_allowance';

  useEffect(() => {
    if (!open || !needsClassList || classes !== null) return;
    fetchClasses({ status: 'approved', page: 1, pageSize: 200 })
      .then((r) => setClasses(r.items))
      .catch((err: unknown) => setError(errorMessage(err)));
  }, [open, needsClassList, classes]);

  useEffect(() => {
    setRoster([]);
    if (kind !== 'living_allowance' || !classId) return;
    let live = true;
    fetchRoster(classId)
      .then((r) => {
        if (live) setRoster(r.items);
      })
      .catch((err: unknown) => {
        if (live) setError(errorMessage(err));
      });
    return () => {
      live = false;
    };
  }, [kind, classId]);

  const today = todayCst();
  const classOptions = (classes ?? []).map((c) => ({
    value: c.id,
    label: `${c.name}（${c.startDate} 至 ${c.endDate}）`,
    // seed 003: a claim is made after the class has ended.
    disabled: c.endDate >= today,
  }));

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const { id } = await submitClaim(toInput(values));
      form.resetFields();
      onCreated(id);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const enterpriseFacts = (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item name="wageArrearsSince2020" label="2020 年以来有欠薪记录" valuePropName="checked">
          <Switch checkedChildren="有" unCheckedChildren="无" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="classified" label="涉密企业" valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="sampleChecked" label="抽查职工人数">
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name="sampleUnaware"
          label="其中不知情人数"
          dependencies={['sampleChecked']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_r, v: number | undefined) => {
                if ((v ?? 0) > ((getFieldValue('sampleChecked') as number | undefined) ?? 0)) throw new Error('抽样中不知情人数不能超过抽样人数');
              },
            }),
          ]}
        >
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
    </Row>
  );

  return (
    <Modal title="新建申报" open={open} width={720} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} okText="提交申报" cancelText="取消" confirmLoading={busy} destroyOnHidden>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} closable={{ onClose: () => setError(null) }} /> : null}
      <Form form={form} layout="vertical" preserve={false} initialValues={{ kind: kinds[0], year: Number(today.slice(0, 4)) }}>
        <Form.Item name="kind" label="补贴类型" rules={[{ required: true, message: '请选择补贴类型' }]}>
          <Select options={kinds.map((k) => ({ value: k, label: claimKindLabel(k) }))} onChange={() => form.setFieldsValue({ classId: undefined, personId: undefined })} />
        </Form.Item>
        {needsClassList ? (
          <Form.Item name="classId" label="培训班" rules={[{ required: true, message: '请选择培训班' }]} extra="只能为已审核通过、已结业的培训班申报">
            <Select showSearch optionFilterProp="label" loading={classes === null} options={classOptions} placeholder="请选择已结业的培训班" />
          </Form.Item>
        ) : null}
        {kind === 'direct_enterprise' ? (
          <>
            <Form.Item name="classId" label="培训班编号" rules={[{ required: true, message: '请填写培训班编号' }]}>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="evidence" label="已提供的佐证材料" extra="须提供培训计划、学员签到表和培训视频类资料（涉密企业可免交视频）">
              <Checkbox.Group options={EVIDENCE_OPTIONS} />
            </Form.Item>
            {enterpriseFacts}
          </>
        ) : null}
        {kind === 'living_allowance' ? (
          <>
            <Form.Item name="personId" label="学员" rules={[{ required: true, message: '请选择学员' }]}>
              <Select
                showSearch
                optionFilterProp="label"
                disabled={!classId}
                placeholder={classId ? '请选择花名册中的学员' : '请先选择培训班'}
                options={roster.map((r) => ({ value: r.personId, label: `${r.name}（${r.idNumber}）` }))}
              />
            </Form.Item>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="livingPerDayYuan" label="生活费（每天）" rules={[{ required: true, message: '请填写生活费标准' }]}>
                  {yuanInput}
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="transportPerDayYuan" label="交通费（每天）" rules={[{ required: true, message: '请填写交通费标准' }]}>
                  {yuanInput}
                </Form.Item>
              </Col>
            </Row>
          </>
        ) : null}
        {kind === 'work_as_training' || kind === 'apprenticeship' ? (
          <Form.Item name="personId" label="人员编号" rules={[{ required: true, message: '请填写实名台账中的人员编号' }]} extra="参训职工须已在实名台账中登记">
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        {kind === 'work_as_training' ? (
          <>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name="standardYuan" label="补贴标准" rules={[{ required: true, message: '请填写补贴标准' }]}>
                  {yuanInput}
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="wageYuan" label="职工月工资" rules={[{ required: true, message: '请填写职工月工资' }]}>
                  {yuanInput}
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="minWageYuan" label="当地最低工资" rules={[{ required: true, message: '请填写当地最低工资标准' }]}>
                  {yuanInput}
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="hasCertificate" label="已取得职业资格证书或职业技能等级证书" valuePropName="checked">
              <Switch checkedChildren="是" unCheckedChildren="否" />
            </Form.Item>
            {hasCertificate ? (
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  <Form.Item name="certLevel" label="证书等级" rules={[{ required: true, message: '请选择证书等级' }]}>
                    <Select options={[1, 2, 3, 4, 5].map((l) => ({ value: l, label: `${l} 级` }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="certStandardYuan" label="证书补贴标准" rules={[{ required: true, message: '请填写证书补贴标准' }]}>
                    {yuanInput}
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="certHigherThanBefore" label="高于原有等级" valuePropName="checked">
                    <Switch checkedChildren="是" unCheckedChildren="否" />
                  </Form.Item>
                </Col>
              </Row>
            ) : null}
            {enterpriseFacts}
          </>
        ) : null}
        {kind === 'apprenticeship' ? (
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="year" label="补贴年度" rules={[{ required: true, message: '请填写补贴年度' }]}>
                <InputNumber min={2015} max={2100} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="standardYuan" label="补贴标准" rules={[{ required: true, message: '请填写补贴标准' }]}>
                {yuanInput}
              </Form.Item>
            </Col>
          </Row>
        ) : null}
        <Typography.Text type="secondary">提交后系统将按政策规则逐条核验（实名台账、花名册、出勤、考核、就业、培训券和补贴历史），核验结果可在申报详情中查看。</Typography.Text>
      </Form>
    </Modal>
  );
}
