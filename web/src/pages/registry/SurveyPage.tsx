/**
 * /survey — 摸底登记 for village cadres on a phone: one column, large controls, the registry's
 * own rules checked as they type; after each save the form keeps the household (address,
 * region, 户编号) so the next member of the same household is quick to enter.
 */
import { useState } from 'react';
import { Alert, App, Button, Form, List, Typography } from 'antd';
import { CheckCircleTwoTone, UserAddOutlined } from '@ant-design/icons';
import { useMe } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../api/client.ts';
import { surveyPerson, type PersonInputData } from '../../api/registry.ts';
import { PageLayout } from '../../components/PageLayout.tsx';
import { PersonFields, toPersonInput, type PersonFormValues } from './PersonFields.tsx';

/** Fields that stay filled for the next member of the same household. */
const HOUSEHOLD_FIELDS: (keyof PersonFormValues)[] = ['address', 'regionCode', 'householdNo'];

export default function SurveyPage() {
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<PersonFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ id: number; name: string; relation?: string }[]>([]);

  const submit = async (values: PersonFormValues) => {
    setBusy(true);
    setError(null);
    try {
      const { id } = await surveyPerson(toPersonInput(values) as PersonInputData);
      const name = values.name?.trim() ?? '';
      message.success(`已登记：${name}`);
      setSaved((s) => [{ id, name, relation: values.relationToHead }, ...s]);
      const keep = Object.fromEntries(HOUSEHOLD_FIELDS.map((k) => [k, form.getFieldValue(k) as string | undefined]));
      form.resetFields();
      form.setFieldsValue(keep);
      window.scrollTo({ top: 0, behavior: 'smooth' });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const newHousehold = () => {
    form.resetFields();
    setSaved([]);
    setError(null);
  };

  return (
    <PageLayout title="摸底登记" subTitle={me.scope.regionName ?? me.scope.regionCode}>
      <div className="survey-form" style={{ maxWidth: 560, margin: '0 auto' }}>
        {saved.length > 0 ? (
          <Alert
            type="success"
            showIcon
            icon={<CheckCircleTwoTone twoToneColor="#2e8b57" />}
            style={{ marginBottom: 16 }}
            title={`本户已登记 ${saved.length} 人，可继续登记下一位家庭成员`}
            description={
              <List
                size="small"
                dataSource={saved}
                renderItem={(s) => (
                  <List.Item style={{ paddingInline: 0 }}>
                    {s.name}
                    {s.relation ? <Typography.Text type="secondary">（{s.relation}）</Typography.Text> : null}
                  </List.Item>
                )}
              />
            }
          />
        ) : null}
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="survey-error" /> : null}
        <Form form={form} layout="vertical" size="large" onFinish={(v) => void submit(v)} scrollToFirstError requiredMark>
          <PersonFields form={form} mode="survey" regionRoot={me.scope.regionCode} phone />
          <Form.Item style={{ marginBottom: 8 }}>
            <Button type="primary" htmlType="submit" block size="large" loading={busy} icon={<UserAddOutlined />}>
              保存并登记下一位
            </Button>
          </Form.Item>
          <Button block size="large" onClick={newHousehold}>
            登记新的一户
          </Button>
        </Form>
      </div>
    </PageLayout>
  );
}
