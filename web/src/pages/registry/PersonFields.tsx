/**
 * The fields of a registry person (PersonInput) as antd Form items, checked in the browser by
 * the same rules the server applies (shared Zod schema, ID number, name and phone rules), so
 * the form says what the import would. Used by 新增, 编辑 and the phone survey.
 */
import type { ReactNode } from 'react';
import { AutoComplete, Col, Form, Input, Row, Select, type FormInstance, type FormRule } from 'antd';
import { checkIdNumber } from '../../../../common/id-number.ts';
import { normalizePersonName } from '../../../../common/person-name.ts';
import { normalizePhone } from '../../../../common/phone.ts';
import { PersonInput } from '../../../../common/schemas/registry.ts';
import { zodRule } from '../../lib/zodRule.ts';
import { RegionCascader } from '../../components/RegionCascader.tsx';
import type { PersonInputData } from '../../api/registry.ts';
import {
  EDUCATION_OPTIONS,
  EMPLOYMENT_OPTIONS,
  GENDER_OPTIONS,
  LABOUR_OPTIONS,
  NATIONALITY_OPTIONS,
  RELATION_OPTIONS,
  STUDY_WISH_OPTIONS,
  TRAINING_WISH_SUGGESTIONS,
  todayCst,
} from './options.ts';

/** Form values: every PersonInput field as the controls hold it. */
export type PersonFormValues = Partial<Record<keyof PersonInputData, string | undefined>>;

const S = PersonInput.shape;

const idRule: FormRule = {
  validator: async (_r, v: unknown) => {
    if (typeof v !== 'string' || v.trim() === '') return;
    const r = checkIdNumber(v, todayCst());
    if (!r.ok) throw new Error(r.message);
  },
};
const nameRule: FormRule = {
  validator: async (_r, v: unknown) => {
    if (typeof v !== 'string' || v.trim() === '') return;
    const r = normalizePersonName(v);
    if (!r.ok) throw new Error(r.message);
  },
};
const phoneRule: FormRule = {
  validator: async (_r, v: unknown) => {
    if (typeof v !== 'string' || v.trim() === '') return;
    const r = normalizePhone(v);
    if (!r.ok) throw new Error(r.message);
  },
};
/** 性别 must agree with the 17th digit of the ID number (contracts.md §1 gender.mismatch). */
const genderMatchesId: FormRule = ({ getFieldValue }) => ({
  validator: async (_r, v: unknown) => {
    const id = getFieldValue('idNumber') as unknown;
    if (typeof v !== 'string' || typeof id !== 'string' || id.trim() === '') return;
    const r = checkIdNumber(id, todayCst());
    if (r.ok && r.gender !== v) throw new Error(`性别与身份证号不符（身份证号第 17 位表示${r.gender}）`);
  },
});

export interface PersonFieldsProps {
  form: FormInstance<PersonFormValues>;
  /** 'edit' shows the (masked) ID number read-only: it cannot change through the form. */
  mode: 'create' | 'edit' | 'survey';
  /** The user's region scope: the region picker offers only regions below it. */
  regionRoot: string;
  /** One column with large controls (phones). */
  phone?: boolean;
}

/** Turns form values into the API body; empty optional fields become null only when `clearEmpty`. */
export function toPersonInput(values: PersonFormValues, clearEmpty = false): Partial<PersonInputData> {
  const out: Partial<Record<keyof PersonInputData, string | null>> = {};
  for (const [k, v] of Object.entries(values) as [keyof PersonInputData, string | undefined][]) {
    const t = typeof v === 'string' ? v.trim() : v;
    if (t === undefined || t === '') {
      if (clearEmpty) out[k] = null;
    } else out[k] = t;
  }
  return out as Partial<PersonInputData>;
}

export function PersonFields({ form, mode, regionRoot, phone = false }: PersonFieldsProps) {
  const size = phone ? 'large' : 'middle';
  const span = phone ? 24 : 12;
  const col = (node: ReactNode, key: string, wide = false) => (
    <Col key={key} xs={24} md={wide ? 24 : span}>
      {node}
    </Col>
  );

  const onIdChange = (value: string) => {
    // A valid ID number fills 性别 when it is still empty (the 17th digit says it).
    const r = checkIdNumber(value, todayCst());
    if (r.ok && !form.getFieldValue('gender')) form.setFieldValue('gender', r.gender);
    if (form.getFieldValue('gender')) void form.validateFields(['gender']).catch(() => undefined);
  };

  return (
    <Row gutter={phone ? 0 : 16}>
      {col(
        <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, zodRule(S.name), nameRule]}>
          <Input size={size} maxLength={30} placeholder="与身份证一致" autoComplete="off" />
        </Form.Item>,
        'name',
      )}
      {mode === 'edit'
        ? col(
            <Form.Item name="idNumber" label="身份证号" extra="身份证号不能在此修改">
              <Input size={size} disabled />
            </Form.Item>,
            'idNumber',
          )
        : col(
            <Form.Item name="idNumber" label="身份证号" validateFirst rules={[{ required: true, whitespace: true, message: '请输入身份证号' }, zodRule(S.idNumber), idRule]}>
              <Input size={size} maxLength={20} placeholder="18 位公民身份号码" autoComplete="off" inputMode="text" onChange={(e) => onIdChange(e.target.value)} />
            </Form.Item>,
            'idNumber',
          )}
      {col(
        <Form.Item name="gender" label="性别" dependencies={['idNumber']} rules={[{ required: true, message: '请选择性别' }, genderMatchesId]}>
          <Select size={size} options={GENDER_OPTIONS} placeholder="请选择性别" />
        </Form.Item>,
        'gender',
      )}
      {col(
        <Form.Item name="nationality" label="民族" rules={[{ required: true, message: '请选择民族' }, zodRule(S.nationality)]}>
          <Select size={size} showSearch options={NATIONALITY_OPTIONS} placeholder="请选择民族" optionFilterProp="label" />
        </Form.Item>,
        'nationality',
      )}
      {col(
        <Form.Item name="phone" label="联系电话" rules={[zodRule(S.phone), phoneRule]}>
          <Input size={size} maxLength={20} placeholder="手机号或带区号的固定电话" inputMode="tel" autoComplete="off" />
        </Form.Item>,
        'phone',
      )}
      {col(
        <Form.Item name="regionCode" label="所在地区" extra={phone ? undefined : '不选则为您所在的区划'}>
          <RegionCascader root={regionRoot} placeholder="请选择乡镇 / 村" style={{ width: '100%' }} />
        </Form.Item>,
        'regionCode',
      )}
      {col(
        <Form.Item name="address" label="家庭住址" rules={[{ required: true, whitespace: true, message: '请输入家庭详细地址' }, zodRule(S.address)]}>
          <Input size={size} maxLength={200} placeholder="省市县乡村组门牌号" />
        </Form.Item>,
        'address',
        !phone,
      )}
      {col(
        <Form.Item name="householdNo" label="户编号" rules={[zodRule(S.householdNo)]}>
          <Input size={size} maxLength={60} placeholder="同一户成员填写相同户编号" autoComplete="off" />
        </Form.Item>,
        'householdNo',
      )}
      {col(
        <Form.Item name="relationToHead" label="与户主关系" rules={[zodRule(S.relationToHead)]}>
          <AutoComplete size={size} options={RELATION_OPTIONS} placeholder="如：户主、配偶、之子" filterOption={(input, o) => (o?.value ?? '').includes(input)} />
        </Form.Item>,
        'relationToHead',
      )}
      {mode !== 'survey'
        ? col(
            <Form.Item name="povertyCardNo" label="扶贫卡编号" rules={[zodRule(S.povertyCardNo)]}>
              <Input size={size} maxLength={60} autoComplete="off" />
            </Form.Item>,
            'povertyCardNo',
          )
        : null}
      {col(
        <Form.Item name="education" label="文化程度" rules={[zodRule(S.education)]}>
          <Select size={size} allowClear options={EDUCATION_OPTIONS} placeholder="请选择文化程度" />
        </Form.Item>,
        'education',
      )}
      {col(
        <Form.Item name="labourAbility" label="劳动能力" rules={[zodRule(S.labourAbility)]}>
          <Select size={size} allowClear options={LABOUR_OPTIONS} placeholder="请选择劳动能力" />
        </Form.Item>,
        'labourAbility',
      )}
      {col(
        <Form.Item name="employmentStatus" label="就业状态" rules={[zodRule(S.employmentStatus)]}>
          <Select size={size} allowClear options={EMPLOYMENT_OPTIONS} placeholder="请选择就业状态" />
        </Form.Item>,
        'employmentStatus',
      )}
      {col(
        <Form.Item name="trainingWish" label="培训意愿" extra="填写想学的工种；不愿参加培训填“否”" rules={[zodRule(S.trainingWish)]}>
          <AutoComplete size={size} options={TRAINING_WISH_SUGGESTIONS} placeholder="如：电工、家政服务，或 否" filterOption={(input, o) => (o?.value ?? '').includes(input)} />
        </Form.Item>,
        'trainingWish',
      )}
      {col(
        <Form.Item name="studyWish" label="就读意愿" extra="是否愿意到技工院校就读" rules={[zodRule(S.studyWish)]}>
          <Select size={size} allowClear options={STUDY_WISH_OPTIONS} placeholder="请选择" />
        </Form.Item>,
        'studyWish',
      )}
      {mode !== 'survey'
        ? col(
            <Form.Item name="schoolWish" label="拟就读技工院校" rules={[zodRule(S.schoolWish)]}>
              <Input size={size} maxLength={100} />
            </Form.Item>,
            'schoolWish',
          )
        : null}
      {col(
        <Form.Item name="remark" label="备注" rules={[zodRule(S.remark)]}>
          <Input.TextArea maxLength={200} autoSize={{ minRows: phone ? 2 : 1, maxRows: 4 }} />
        </Form.Item>,
        'remark',
        !phone,
      )}
    </Row>
  );
}
