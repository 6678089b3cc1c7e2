/**
 * /policy/:id/:version — one policy set version: its figures as a form (editable while a
 * draft, read-only once published or built in), 变更对比 against its origin, 发布 with
 * confirmation, and 模拟试算 of a claim batch with this version.
 */
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, App, Button, Form, Popconfirm, Tabs, Tooltip } from 'antd';
import { CopyOutlined, SaveOutlined, SendOutlined, UndoOutlined } from '@ant-design/icons';
import { ApiError, errorMessage } from '../../api/client.ts';
import { fetchPolicySet, fetchPolicySets, publishPolicySet, updatePolicyDraft, type PolicyDocument, type PolicySetStatus, type PolicySetSummary } from '../../api/policy.ts';
import { PageLayout } from '../../components/PageLayout.tsx';
import { PageLoading } from '../../components/PageLoading.tsx';
import { CopyPolicyDialog } from './CopyDialog.tsx';
import { DiffPanel } from './DiffPanel.tsx';
import { PolicyStatusTag } from './labels.tsx';
import { PolicyForm } from './PolicyForm.tsx';
import { explainValidationMessage } from './policyFields.ts';
import { WhatIfPanel } from './WhatIfPanel.tsx';

const cleanLines = (lines: unknown): string[] => (Array.isArray(lines) ? lines.map((l) => String(l).trim()).filter(Boolean) : []);

export default function PolicyEditPage() {
  const params = useParams();
  const id = params.id ?? '';
  const version = Number(params.version);
  const { message } = App.useApp();
  const [form] = Form.useForm<PolicyDocument>();
  const [loaded, setLoaded] = useState<{ status: PolicySetStatus; document: PolicyDocument } | null>(null);
  const [sets, setSets] = useState<PolicySetSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [revision, setRevision] = useState(0);
  const [tab, setTab] = useState('form');
  const [copyOpen, setCopyOpen] = useState(false);

  const load = useCallback(async () => {
    try {
      const [set, list] = await Promise.all([fetchPolicySet(id, version), fetchPolicySets()]);
      setLoaded(set);
      setSets(list.items);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [id, version]);

  useEffect(() => {
    setLoaded(null);
    setDirty(false);
    void load();
  }, [load]);

  if (error && !loaded) {
    return (
      <PageLayout title="政策集">
        <Alert type="error" showIcon title={`政策集加载失败：${error}`} />
      </PageLayout>
    );
  }
  if (!loaded) return <PageLoading />;

  const { status, document: doc } = loaded;
  const readOnly = status !== 'draft';
  const summary = sets.find((s) => s.id === id && s.version === version) ?? null;

  const save = async () => {
    try {
      await form.validateFields();
    } catch {
      setTab('form');
      message.error('请先更正表单中标红的项目');
      return;
    }
    const values = form.getFieldsValue(true) as PolicyDocument;
    const next: PolicyDocument = { ...doc, ...values, sources: cleanLines(values.sources), notes: cleanLines(values.notes) };
    setSaving(true);
    try {
      await updatePolicyDraft(id, version, next);
      setLoaded({ status, document: next });
      form.setFieldsValue({ sources: next.sources, notes: next.notes });
      setDirty(false);
      setRevision((r) => r + 1);
      message.success('草稿已保存');
      void fetchPolicySets().then((l) => setSets(l.items));
    } catch (err) {
      message.error(err instanceof ApiError && err.code === 'validation.failed' ? explainValidationMessage(err.message) : errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const publish = async () => {
    setPublishing(true);
    try {
      await publishPolicySet(id, version);
      message.success(`已发布：${doc.name}（第 ${version} 版），该版本不可再修改`);
      setLoaded({ status: 'published', document: doc });
      void fetchPolicySets().then((l) => setSets(l.items));
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setPublishing(false);
    }
  };

  const extra = readOnly ? (
    <Button icon={<CopyOutlined />} onClick={() => setCopyOpen(true)} disabled={!summary}>
      复制为新版本
    </Button>
  ) : (
    <>
      <Button
        icon={<UndoOutlined />}
        disabled={!dirty}
        onClick={() => {
          form.resetFields();
          setDirty(false);
        }}
      >
        撤销修改
      </Button>
      <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()}>
        保存草稿
      </Button>
      <Popconfirm title="发布该版本？" description="发布后该版本不可修改，如需调整请复制为新版本。" okText="确认发布" cancelText="取消" onConfirm={() => void publish()} disabled={dirty}>
        <Tooltip title={dirty ? '有未保存的修改，请先保存草稿' : undefined}>
          <Button icon={<SendOutlined />} loading={publishing} disabled={dirty}>
            发布
          </Button>
        </Tooltip>
      </Popconfirm>
    </>
  );

  return (
    <PageLayout
      title={
        <>
          {doc.name} <PolicyStatusTag status={status} />
        </>
      }
      documentTitle={`${doc.name} - 政策设置`}
      subTitle={`${id} · 第 ${version} 版`}
      extra={extra}
    >
      {readOnly ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={status === 'builtin' ? '内置政策集只读。如需调整补贴标准，请“复制为新版本”后修改草稿。' : '该版本已发布，不可修改。如需调整，请“复制为新版本”。'}
        />
      ) : null}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'form', label: '政策参数', forceRender: true, children: <PolicyForm key={`${id}@${version}:${status}:${revision}`} form={form} document={doc} readOnly={readOnly} onChange={() => setDirty(true)} /> },
          { key: 'diff', label: '变更对比', children: <DiffPanel id={id} version={version} basedOn={doc.based_on} sets={sets} revision={revision} dirty={dirty} /> },
          { key: 'what-if', label: '模拟试算', children: <WhatIfPanel id={id} version={version} dirty={dirty} /> },
        ]}
      />
      <CopyPolicyDialog from={copyOpen ? summary : null} onClose={() => setCopyOpen(false)} />
    </PageLayout>
  );
}
