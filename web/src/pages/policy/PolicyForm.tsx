/**
 * The form of a policy set's figures, grouped by topic. The form store keeps the document's
 * own units (integer fen, rates in [0, 1], 'YYYY-MM-DD'); each field shows and takes yuan,
 * percent or a date picker and converts on the way in and out (getValueProps / normalize),
 * so what is saved is exactly the schema's document.
 */
import type { ReactNode } from 'react';
import { Button, Col, Collapse, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Row, Select, Switch, Typography, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { PolicyDocument } from '../../api/policy.ts';
import { EVIDENCE_KIND_LABEL, fenToYuan, optionsOf, PERSON_GROUP_LABEL, percentToRate, POLICY_FIELDS, rateToPercent, REVIEW_LEVEL_LABEL, SECTION_LABEL, TIER_COUNTS_LABEL, TRAINING_TYPE_NAMES, yuanToFen } from './policyFields.ts';

type Name = (string | number)[];

const label = (path: string) => POLICY_FIELDS[path]?.label ?? path;

const moneyProps = {
  getValueProps: (v: unknown) => ({ value: typeof v === 'number' ? fenToYuan(v) : null }),
  normalize: (v: unknown) => yuanToFen(v as number | null),
};
const rateProps = {
  getValueProps: (v: unknown) => ({ value: typeof v === 'number' ? rateToPercent(v) : null }),
  normalize: (v: unknown) => percentToRate(v as number | null),
};
const dateProps = {
  getValueProps: (v: unknown) => ({ value: typeof v === 'string' && v ? dayjs(v) : null }),
  normalize: (v: unknown) => (v ? (v as Dayjs).format('YYYY-MM-DD') : null),
};
const linesProps = {
  getValueProps: (v: unknown) => ({ value: Array.isArray(v) ? v.join('\n') : '' }),
  normalize: (v: unknown) => (typeof v === 'string' ? v : '').split('\n'),
};
const REVIEW_ORDER = Object.keys(REVIEW_LEVEL_LABEL);
const reviewProps = { normalize: (v: unknown) => REVIEW_ORDER.filter((l) => Array.isArray(v) && v.includes(l)) };

const required = (what: string) => ({ required: true, message: `请填写${what}` });
const requiredList = (what: string) => ({ required: true, type: 'array' as const, min: 1, message: `请至少选择一项${what}` });

function Money({ path, extra }: { path: string; extra?: ReactNode }) {
  return (
    <Form.Item name={path.split('.')} label={label(path)} extra={extra} rules={[required(label(path))]} {...moneyProps}>
      <InputNumber min={0} max={10_000_000} precision={2} suffix="元" style={{ width: '100%' }} />
    </Form.Item>
  );
}

function Percent({ name, path, extra }: { name?: Name; path: string; extra?: ReactNode }) {
  return (
    <Form.Item name={name ?? path.split('.')} label={label(path)} extra={extra} rules={[required(label(path))]} {...rateProps}>
      <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: '100%' }} />
    </Form.Item>
  );
}

function Count({ path, unit = '次', extra }: { path: string; unit?: string; extra?: ReactNode }) {
  return (
    <Form.Item name={path.split('.')} label={label(path)} extra={extra} rules={[required(label(path))]}>
      <InputNumber min={1} max={1000} precision={0} suffix={unit} style={{ width: '100%' }} />
    </Form.Item>
  );
}

function Multi({ path, labels, allowEmpty = false }: { path: string; labels: Record<string, string>; allowEmpty?: boolean }) {
  return (
    <Form.Item name={path.split('.')} label={label(path)} rules={allowEmpty ? [] : [requiredList(label(path))]}>
      <Select mode="multiple" options={optionsOf(labels)} placeholder="请选择" allowClear />
    </Form.Item>
  );
}

function Flag({ path, extra }: { path: string; extra?: ReactNode }) {
  return (
    <Form.Item name={path.split('.')} label={label(path)} valuePropName="checked" extra={extra}>
      <Switch checkedChildren="是" unCheckedChildren="否" />
    </Form.Item>
  );
}

function DateField({ path, allowEmpty = false, extra }: { path: string; allowEmpty?: boolean; extra?: ReactNode }) {
  return (
    <Form.Item name={path.split('.')} label={label(path)} extra={extra} rules={allowEmpty ? [] : [required(label(path))]} {...dateProps}>
      <DatePicker format="YYYY-MM-DD" placeholder={allowEmpty ? '长期有效' : 'YYYY-MM-DD'} allowClear={allowEmpty} style={{ width: '100%' }} />
    </Form.Item>
  );
}

const col = (node: ReactNode, span = 8) => (
  <Col xs={24} md={12} xl={span}>
    {node}
  </Col>
);

/** The employment tiers (梯级培训补贴档位), ascending by their starting rate. */
function Tiers({ readOnly }: { readOnly: boolean }) {
  return (
    <Form.List name={['training', 'employment_tier', 'tiers']}>
      {(fields, { add, remove }) => (
        <>
          <Typography.Text strong>{label('training.employment_tier.tiers')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            第 1 档从 0% 开始，各档起点递增；就业率阈值应等于第一个“按全部合格人数”档的起点。系数 1 为按标准补贴，大于 1 为奖励档。
          </Typography.Paragraph>
          {fields.map((f, i) => (
            <Flex key={f.key} gap={12} align="flex-start" wrap>
              <Typography.Text style={{ lineHeight: '32px', minWidth: 48 }}>第 {i + 1} 档</Typography.Text>
              <div style={{ width: 180 }}>
                <Percent name={[f.name, 'min_rate']} path="training.employment_tier.tiers[].min_rate" />
              </div>
              <Form.Item name={[f.name, 'counts']} label={label('training.employment_tier.tiers[].counts')} style={{ width: 200 }} rules={[{ required: true, message: '请选择核算人数' }]}>
                <Select options={optionsOf(TIER_COUNTS_LABEL)} />
              </Form.Item>
              <Form.Item name={[f.name, 'factor']} label={label('training.employment_tier.tiers[].factor')} style={{ width: 140 }} rules={[required('补贴系数')]}>
                <InputNumber min={0} max={10} precision={4} step={0.1} style={{ width: '100%' }} />
              </Form.Item>
              {readOnly ? null : (
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除第 ${i + 1} 档`} disabled={fields.length <= 1} onClick={() => remove(f.name)} style={{ marginTop: 30 }} />
              )}
            </Flex>
          ))}
          {readOnly ? null : (
            <Button icon={<PlusOutlined />} onClick={() => add({ min_rate: null, counts: 'qualified', factor: 1 })}>
              添加档位
            </Button>
          )}
        </>
      )}
    </Form.List>
  );
}

export interface PolicyFormProps {
  form: FormInstance<PolicyDocument>;
  document: PolicyDocument;
  readOnly: boolean;
  onChange: () => void;
}

export function PolicyForm({ form, document: doc, readOnly, onChange }: PolicyFormProps) {
  const items = [
    {
      key: 'basic',
      label: SECTION_LABEL.basic,
      children: (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label="编号">{doc.id}</Descriptions.Item>
            <Descriptions.Item label="版本">第 {doc.version} 版</Descriptions.Item>
            <Descriptions.Item label="适用地区代码">{doc.region_code}</Descriptions.Item>
            <Descriptions.Item label="来源">{doc.based_on ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Row gutter={16}>
            {col(
              <Form.Item name="name" label={label('name')} rules={[{ required: true, whitespace: true, message: '请填写政策集名称' }]}>
                <Input maxLength={100} />
              </Form.Item>,
            )}
            {col(<DateField path="effective_from" />)}
            {col(<DateField path="effective_to" allowEmpty extra="不填为长期有效" />)}
          </Row>
          <Row gutter={16}>
            {col(
              <Form.Item name="sources" label={label('sources')} extra="每行一条" {...linesProps}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
              </Form.Item>,
              12,
            )}
            {col(
              <Form.Item name="notes" label={label('notes')} extra="每行一条：与其他政策集的区别及理由" {...linesProps}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
              </Form.Item>,
              12,
            )}
          </Row>
        </>
      ),
    },
    {
      key: 'training.yearly_cap',
      label: SECTION_LABEL['training.yearly_cap'],
      children: (
        <Row gutter={16}>
          {col(<Count path="training.yearly_cap.count" extra="每人每年享受职业培训补贴的次数上限" />)}
          {col(<Multi path="training.yearly_cap.counted_types" labels={TRAINING_TYPE_NAMES} />, 16)}
        </Row>
      ),
    },
    {
      key: 'training.employment_tier',
      label: SECTION_LABEL['training.employment_tier'],
      children: (
        <>
          <Row gutter={16}>
            {col(<Flag path="training.employment_tier.key_group_only" />)}
            {col(<Multi path="training.employment_tier.types" labels={TRAINING_TYPE_NAMES} />, 16)}
            {col(<Percent path="training.employment_tier.threshold" extra="低于该就业率时只按就业人数核算" />)}
            {col(<Count path="training.employment_tier.follow_up_months" unit="个月" />)}
          </Row>
          <Tiers readOnly={readOnly} />
        </>
      ),
    },
    {
      key: 'training.student_once',
      label: SECTION_LABEL['training.student_once'],
      children: (
        <Row gutter={16}>
          {col(<Count path="training.student_once.count" />)}
          {col(<Multi path="training.student_once.excluded_types" labels={TRAINING_TYPE_NAMES} allowEmpty />, 16)}
        </Row>
      ),
    },
    {
      key: 'living_allowance',
      label: SECTION_LABEL.living_allowance,
      children: (
        <Row gutter={16}>
          {col(<Money path="living_allowance.living_per_day_cap_fen" extra="每人每天" />)}
          {col(<Money path="living_allowance.transport_per_day_cap_fen" extra="每人每天" />)}
          {col(<Money path="living_allowance.per_class_cap_fen" extra="每人每期（每次申报）" />)}
          {col(<Count path="living_allowance.per_year" />)}
          {col(<Multi path="living_allowance.training_types" labels={TRAINING_TYPE_NAMES} />, 16)}
          {col(<Multi path="living_allowance.eligible_groups" labels={PERSON_GROUP_LABEL} />, 24)}
        </Row>
      ),
    },
    {
      key: 'work_as_training',
      label: SECTION_LABEL.work_as_training,
      children: (
        <Row gutter={16}>
          {col(<Percent path="work_as_training.sample_unaware_threshold" extra="抽查中不知情职工达到该比例的企业不予补贴" />)}
          {col(<Percent path="work_as_training.no_certificate_rate" extra="未取得高一级证书时按标准的该比例补贴" />)}
          {col(<Count path="work_as_training.per_worker" />)}
          {col(<DateField path="work_as_training.wage_arrears_since" />)}
          {col(<Flag path="work_as_training.counts_toward_yearly_cap" />)}
        </Row>
      ),
    },
    {
      key: 'direct_enterprise',
      label: SECTION_LABEL.direct_enterprise,
      children: (
        <Row gutter={16}>
          {col(<Multi path="direct_enterprise.required_evidence" labels={EVIDENCE_KIND_LABEL} />, 12)}
          {col(<Multi path="direct_enterprise.classified_exempt" labels={EVIDENCE_KIND_LABEL} allowEmpty />, 12)}
        </Row>
      ),
    },
    {
      key: 'apprenticeship',
      label: SECTION_LABEL.apprenticeship,
      children: (
        <Row gutter={16}>
          {col(<Money path="apprenticeship.standard_fen" extra="申报表默认值" />)}
          {col(<Count path="apprenticeship.per_year" />)}
        </Row>
      ),
    },
    {
      key: 'review_levels',
      label: SECTION_LABEL.review_levels,
      children: (
        <Row gutter={16}>
          {col(
            <Form.Item name="review_levels" label={label('review_levels')} rules={[requiredList('审核层级')]} {...reviewProps}>
              <Select mode="multiple" options={optionsOf(REVIEW_LEVEL_LABEL)} placeholder="请选择" />
            </Form.Item>,
            12,
          )}
        </Row>
      ),
    },
  ];

  return (
    <Form<PolicyDocument> form={form} layout="vertical" initialValues={doc} disabled={readOnly} onValuesChange={onChange} requiredMark={!readOnly}>
      <Collapse items={items} defaultActiveKey={items.map((i) => i.key)} />
    </Form>
  );
}
