/**
 * /training/review — 开班审核 for 人社 staff: filed classes of the region, 通过 or 退回 (with a
 * required comment); and every class of the region for supervision (抽查) and follow-up.
 */
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Space, Tabs, Tag, type TableColumnsType } from 'antd';
import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMe } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../api/client.ts';
import { fetchClasses, reviewClass, type ClassStatus, type TrainingClass } from '../../api/training.ts';
import { PageLayout } from '../../components/PageLayout.tsx';
import { SearchTable, type SearchParams, type SearchTableHandle } from '../../components/SearchTable.tsx';
import { ClassStatusTag, FiledInTimeTag, levelLabel, STATUS_OPTIONS, trainingTypeLabel } from './labels.tsx';

function RejectDialog({ target, onClose, onDone }: { target: TrainingClass | null; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ comment: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!target) return;
    const { comment } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await reviewClass(target.id, 'reject', comment.trim());
      message.success(`已退回“${target.name}”`);
      form.resetFields();
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={`退回：${target?.name ?? ''}`} open={target !== null} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} okText="退回" okButtonProps={{ danger: true }} cancelText="取消" confirmLoading={busy} destroyOnHidden>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="comment" label="退回意见" rules={[{ required: true, whitespace: true, message: '退回时请填写意见' }, { max: 500, message: '意见最多 500 个字' }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={500} placeholder="请说明需要培训机构补充或更正的内容" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function ReviewPage() {
  const me = useMe();
  const { message } = App.useApp();
  const pending = useRef<SearchTableHandle>(null);
  const all = useRef<SearchTableHandle>(null);
  const [rejecting, setRejecting] = useState<TrainingClass | null>(null);
  const [approving, setApproving] = useState<number | null>(null);

  const approve = async (c: TrainingClass) => {
    setApproving(c.id);
    try {
      await reviewClass(c.id, 'approve');
      message.success(`已通过“${c.name}”的开班备案`);
      pending.current?.reload();
      all.current?.reload();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setApproving(null);
    }
  };

  const base: TableColumnsType<TrainingClass> = [
    { title: '班级名称', dataIndex: 'name', width: 280, render: (n: string, r) => <Link to={`/training/classes/${r.id}`}>{n}</Link> },
    { title: '培训机构', dataIndex: 'orgName', width: 220 },
    { title: '工种', key: 'occ', width: 180, render: (_: unknown, r) => `${r.occupationName} · ${levelLabel(r.level)}` },
    { title: '培训类型', dataIndex: 'trainingType', width: 140, render: trainingTypeLabel },
    { title: '培训时间', key: 'dates', width: 210, render: (_: unknown, r) => `${r.startDate} 至 ${r.endDate}` },
    { title: '人数', key: 'size', width: 90, render: (_: unknown, r) => `${r.enrolled} / ${r.plannedSize}` },
    { title: '备案时间', dataIndex: 'filedAt', width: 170, render: (v: string | null) => v ?? '—' },
    { title: '备案', dataIndex: 'filedInTime', width: 100, render: (v: boolean | null) => <FiledInTimeTag value={v} /> },
  ];

  const pendingColumns: TableColumnsType<TrainingClass> = [
    ...base,
    {
      title: '审核',
      key: 'op',
      width: 170,
      fixed: 'right',
      render: (_: unknown, r) => (
        <Space size={4}>
          <Popconfirm title="通过该班的开班备案？" okText="通过" cancelText="取消" onConfirm={() => void approve(r)}>
            <Button type="primary" size="small" icon={<CheckOutlined />} loading={approving === r.id}>
              通过
            </Button>
          </Popconfirm>
          <Button size="small" danger icon={<RollbackOutlined />} onClick={() => setRejecting(r)}>
            退回
          </Button>
        </Space>
      ),
    },
  ];

  const allColumns: TableColumnsType<TrainingClass> = [
    ...base,
    {
      title: '状态',
      dataIndex: 'status',
      width: 150,
      render: (s: ClassStatus, r) => (
        <Space size={4} wrap>
          <ClassStatusTag status={s} />
          {r.flagged ? <Tag color="volcano">抽查发现问题</Tag> : null}
        </Space>
      ),
    },
    { title: '操作', key: 'view', width: 90, fixed: 'right', render: (_: unknown, r) => <Link to={`/training/classes/${r.id}`}>查看</Link> },
  ];

  return (
    <PageLayout title="开班审核" subTitle={me.scope.regionName ?? me.scope.regionCode}>
      <Tabs
        items={[
          {
            key: 'pending',
            label: '待审核',
            children: (
              <SearchTable<TrainingClass> ref={pending} rowKey="id" columns={pendingColumns} fetch={(p: SearchParams) => fetchClasses({ page: p.page, pageSize: p.pageSize, status: 'filed' })} />
            ),
          },
          {
            key: 'all',
            label: '辖区培训班',
            children: (
              <SearchTable<TrainingClass>
                ref={all}
                rowKey="id"
                columns={allColumns}
                fields={[{ name: 'status', label: '状态', options: STATUS_OPTIONS, width: 160 }]}
                fetch={(p: SearchParams) => fetchClasses({ page: p.page, pageSize: p.pageSize, status: typeof p.status === 'string' ? (p.status as ClassStatus) : undefined })}
              />
            ),
          },
        ]}
      />
      <RejectDialog
        target={rejecting}
        onClose={() => setRejecting(null)}
        onDone={() => {
          setRejecting(null);
          pending.current?.reload();
          all.current?.reload();
        }}
      />
    </PageLayout>
  );
}
