/**
 * /training — 培训管理 for training institutions: the institution's classes with status and
 * 备案及时 flag, 新建培训班, and 开班备案 (filing must precede the start date).
 */
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Popconfirm, Space, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useMe } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../api/client.ts';
import { fetchClasses, fileClass, type ClassStatus, type TrainingClass } from '../../api/training.ts';
import { PageLayout } from '../../components/PageLayout.tsx';
import { SearchTable, type SearchParams, type SearchTableHandle } from '../../components/SearchTable.tsx';
import { todayCst } from '../registry/options.ts';
import { CreateClassDialog } from './ClassForm.tsx';
import { ClassStatusTag, FiledInTimeTag, levelLabel, MODE_LABEL, STATUS_OPTIONS, trainingTypeLabel } from './labels.tsx';

export default function ClassesPage() {
  const me = useMe();
  const { message } = App.useApp();
  const table = useRef<SearchTableHandle>(null);
  const [createOpen, setCreateOpen] = useState(false);
  const [filing, setFiling] = useState<number | null>(null);
  const today = todayCst();

  const onFile = async (c: TrainingClass) => {
    setFiling(c.id);
    try {
      await fileClass(c.id);
      message.success(`“${c.name}”已提交开班备案，等待人社部门审核`);
      table.current?.reload();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setFiling(null);
    }
  };

  const columns: TableColumnsType<TrainingClass> = [
    { title: '班级名称', dataIndex: 'name', width: 280, fixed: 'left', render: (n: string, r) => <Link to={`/training/classes/${r.id}`}>{n}</Link> },
    { title: '工种', key: 'occ', width: 180, render: (_: unknown, r) => `${r.occupationName} · ${levelLabel(r.level)}` },
    { title: '培训类型', dataIndex: 'trainingType', width: 140, render: trainingTypeLabel },
    { title: '方式', dataIndex: 'mode', width: 100, render: (m: string) => MODE_LABEL[m] ?? m },
    { title: '培训时间', key: 'dates', width: 210, render: (_: unknown, r) => `${r.startDate} 至 ${r.endDate}` },
    { title: '人数', key: 'size', width: 90, render: (_: unknown, r) => `${r.enrolled} / ${r.plannedSize}` },
    {
      title: '状态',
      dataIndex: 'status',
      width: 130,
      render: (s: ClassStatus, r) => (
        <Space size={4} wrap>
          {s === 'rejected' && r.reviewComment ? (
            <Tooltip title={`退回意见：${r.reviewComment}`}>
              <span>
                <ClassStatusTag status={s} />
              </span>
            </Tooltip>
          ) : (
            <ClassStatusTag status={s} />
          )}
          {r.flagged ? <Tag color="volcano">抽查发现问题</Tag> : null}
        </Space>
      ),
    },
    { title: '备案', dataIndex: 'filedInTime', width: 100, render: (v: boolean | null) => <FiledInTimeTag value={v} /> },
    {
      title: '操作',
      key: 'op',
      width: 160,
      fixed: 'right',
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          {r.status === 'draft' || r.status === 'rejected' ? (
            r.startDate > today ? (
              <Popconfirm title="提交开班备案？" description="备案后由人社部门审核，审核通过后方可开班。" okText="提交" cancelText="取消" onConfirm={() => void onFile(r)}>
                <Button type="link" size="small" icon={<SendOutlined />} loading={filing === r.id}>
                  开班备案
                </Button>
              </Popconfirm>
            ) : (
              <Tooltip title="已到开班日期，不能再备案（不能申请补贴）">
                <Typography.Text type="secondary">不能备案</Typography.Text>
              </Tooltip>
            )
          ) : null}
          <Link to={`/training/classes/${r.id}`}>查看</Link>
        </Space>
      ),
    },
  ];

  return (
    <PageLayout
      title="培训管理"
      subTitle={me.scope.orgName ?? undefined}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)}>
          新建培训班
        </Button>
      }
    >
      <SearchTable<TrainingClass>
        ref={table}
        rowKey="id"
        columns={columns}
        fields={[{ name: 'status', label: '状态', options: STATUS_OPTIONS, width: 160 }]}
        fetch={(p: SearchParams) => fetchClasses({ page: p.page, pageSize: p.pageSize, status: typeof p.status === 'string' ? (p.status as ClassStatus) : undefined })}
      />
      <CreateClassDialog
        open={createOpen}
        onClose={() => setCreateOpen(false)}
        onCreated={() => {
          setCreateOpen(false);
          table.current?.reload();
        }}
      />
    </PageLayout>
  );
}
