/**
 * 复制为新版本: copies a policy set into a new draft. Copying one's own set keeps its 编号 and
 * makes the next version; copying a built-in set needs a new 编号 (the server refuses a
 * built-in one). The region is the user's own (a province edits only its own policy).
 */
import { useEffect, useState } from 'react';
import { Alert, App, Descriptions, Form, Input, Modal } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useMe } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../api/client.ts';
import { copyPolicySet, type PolicySetSummary } from '../../api/policy.ts';
import { todayCst } from '../registry/options.ts';
import { copyDefaults, regionLabel } from './policyFields.ts';

interface Values {
  id: string;
  name: string;
}

export function CopyPolicyDialog({ from, onClose }: { from: PolicySetSummary | null; onClose: () => void }) {
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const regionCode = me.scope.regionCode;

  useEffect(() => {
    if (from) {
      form.setFieldsValue(copyDefaults(from, regionCode, me.scope.regionName, todayCst().slice(0, 4)));
      setError(null);
    }
  }, [from, form, regionCode, me.scope.regionName]);

  const submit = async () => {
    if (!from) return;
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const r = await copyPolicySet({ from: from.id, fromVersion: from.version, id: v.id.trim(), name: v.name.trim(), regionCode });
      message.success(`已复制为草稿：${r.id} 第 ${r.version} 版`);
      onClose();
      void navigate(`/policy/${r.id}/${r.version}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="复制为新版本" open={from !== null} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} okText="复制" cancelText="取消" confirmLoading={busy} destroyOnHidden forceRender>
      {from ? (
        <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
          <Descriptions.Item label="来源">{`${from.name}（${from.id} 第 ${from.version} 版）`}</Descriptions.Item>
          <Descriptions.Item label="适用地区">{regionLabel(regionCode, me.scope)}</Descriptions.Item>
        </Descriptions>
      ) : null}
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item
          name="id"
          label="政策集编号"
          extra="小写字母、数字和连字符；使用本地区已有的编号时生成该政策集的下一版本"
          rules={[
            { required: true, message: '请填写政策集编号' },
            { pattern: /^[a-z0-9][a-z0-9-]{1,63}$/, message: '编号为 2–64 位小写字母、数字和连字符' },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label="政策集名称" rules={[{ required: true, whitespace: true, message: '请填写政策集名称' }, { max: 100, message: '名称最多 100 个字' }]}>
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} /> : null}
    </Modal>
  );
}
