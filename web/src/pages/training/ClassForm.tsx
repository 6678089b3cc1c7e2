/** 新建培训班: the ClassInput form (shared Zod schema), occupations from the subsidised catalog. */
import { useEffect, useState } from 'react';
import { Alert, App, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { ClassInput } from '../../../../common/schemas/training.ts';
import { zodRule } from '../../lib/zodRule.ts';
import { errorMessage } from '../../api/client.ts';
import { createClass, fetchOccupations, type ClassInputData, type Occupation } from '../../api/training.ts';
import { todayCst } from '../registry/options.ts';
import { LEVEL_LABEL, TRAINING_TYPE_OPTIONS } from './labels.tsx';

interface Values {
  name: string;
  occupationCode: string;
  level?: number;
  trainingType: ClassInputData['trainingType'];
  keyGroup: boolean;
  mode: 'offline' | 'online' | 'blended';
  startDate: Dayjs;
  endDate: Dayjs;
  venue: string;
  teachers: string;
  plannedSize: number;
}

const S = ClassInput.shape;
const ymd = (d: Dayjs) => d.format('YYYY-MM-DD');

export function CreateClassDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [occupations, setOccupations] = useState<Occupation[]>([]);
  const [occError, setOccError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open || occupations.length > 0) return;
    fetchOccupations()
      .then((r) => setOccupations(r.items))
      .catch((err: unknown) => setOccError(errorMessage(err)));
  }, [open, occupations.length]);

  const submit = async () => {
    const v = await form.validateFields();
    const input: ClassInputData = {
      name: v.name.trim(),
      occupationCode: v.occupationCode,
      level: v.level ?? null,
      trainingType: v.trainingType,
      keyGroup: v.keyGroup,
      mode: v.mode,
      startDate: ymd(v.startDate),
      endDate: ymd(v.endDate),
      venue: v.venue.trim(),
      teachers: v.teachers.trim(),
      plannedSize: v.plannedSize,
    };
    const parsed = ClassInput.safeParse(input);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '填写内容有误');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { id } = await createClass(input);
      message.success('培训班已保存为草稿，请在开班前完成开班备案');
      form.resetFields();
      onCreated(id);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const today = todayCst();
  return (
    <Modal title="新建培训班" open={open} width={760} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} okText="保存草稿" cancelText="取消" confirmLoading={busy} destroyOnHidden>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title="培训班须在开班日期之前完成开班备案并经人社部门审核，开班后才备案的班级不能申请培训补贴。" />
      {occError ? <Alert type="error" showIcon title={`工种目录加载失败：${occError}`} style={{ marginBottom: 16 }} /> : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" initialValues={{ keyGroup: true, mode: 'offline', trainingType: 'employment_skills', plannedSize: 30 }} preserve={false}>
        <Row gutter={16}>
          <Col xs={24}>
            <Form.Item name="name" label="班级名称" rules={[{ required: true, whitespace: true, message: '请填写班级名称' }, zodRule(S.name)]}>
              <Input maxLength={100} placeholder="如：电工就业技能培训班（第 1 期）" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="occupationCode" label="培训工种" rules={[{ required: true, message: '请选择工种' }]}>
              <Select
                showSearch
                placeholder="从补贴培训工种目录中选择"
                optionFilterProp="label"
                loading={occupations.length === 0 && !occError}
                options={occupations.map((o) => ({ value: o.code, label: `${o.name}${o.gbt6565 ? `（${o.gbt6565}）` : ''}${o.keyIndustry ? ' · 重点产业' : ''}` }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="level" label="培训等级">
              <Select allowClear placeholder="不分等级" options={Object.entries(LEVEL_LABEL).map(([value, label]) => ({ value: Number(value), label }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="trainingType" label="培训类型" rules={[{ required: true, message: '请选择培训类型' }]}>
              <Select options={TRAINING_TYPE_OPTIONS} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="mode" label="培训方式">
              <Radio.Group
                options={[
                  { value: 'offline', label: '线下' },
                  { value: 'online', label: '线上' },
                  { value: 'blended', label: '线上线下结合' },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="startDate"
              label="开班日期"
              rules={[
                { required: true, message: '请选择开班日期' },
                {
                  validator: async (_r, v: Dayjs | undefined) => {
                    if (v && ymd(v) <= today) throw new Error('开班日期须晚于今天，以便在开班前完成备案');
                  },
                },
              ]}
            >
              <DatePicker style={{ width: '100%' }} placeholder="YYYY-MM-DD" format="YYYY-MM-DD" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="endDate"
              label="结业日期"
              dependencies={['startDate']}
              rules={[
                { required: true, message: '请选择结业日期' },
                ({ getFieldValue }) => ({
                  validator: async (_r, v: Dayjs | undefined) => {
                    const s = getFieldValue('startDate') as Dayjs | undefined;
                    if (v && s && ymd(v) < ymd(s)) throw new Error('结业日期不能早于开班日期');
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} placeholder="YYYY-MM-DD" format="YYYY-MM-DD" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="venue" label="培训地点" rules={[{ required: true, whitespace: true, message: '请填写培训地点' }, zodRule(S.venue)]}>
              <Input maxLength={200} placeholder="详细地址，须在本机构所在市州内" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="teachers" label="授课教师" rules={[{ required: true, whitespace: true, message: '请填写授课教师' }, zodRule(S.teachers)]}>
              <Input maxLength={200} placeholder="多人用顿号分隔" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="plannedSize" label="计划人数" rules={[{ required: true, message: '请填写计划人数' }]}>
              <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="keyGroup" label="重点群体班" valuePropName="checked" tooltip="以脱贫人口、监测对象等重点群体为主要培训对象">
              <Switch checkedChildren="是" unCheckedChildren="否" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
