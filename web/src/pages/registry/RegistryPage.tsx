/**
 * /registry — 实名台账: search the persons of the user's scope (name, pinyin initials or a
 * full ID number; region; poverty status; training wish), server-paged with masked ID numbers;
 * 新增, 导入, 导出 (masked by default, an audited full-ID export for those allowed) and the template.
 */
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, App, Button, Checkbox, Form, Modal, Radio, Space, Typography, type TableColumnsType } from 'antd';
import { CloudUploadOutlined, ExportOutlined, FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { useCan, useMe } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../api/client.ts';
import { createPerson, downloadTemplate, exportPersons, fetchPersons, type PersonInputData, type PersonItem } from '../../api/registry.ts';
import { PageLayout } from '../../components/PageLayout.tsx';
import { RegionCascader } from '../../components/RegionCascader.tsx';
import { SearchTable, type SearchField, type SearchParams, type SearchTableHandle } from '../../components/SearchTable.tsx';
import { PersonFields, toPersonInput, type PersonFormValues } from './PersonFields.tsx';
import { ageOn, POVERTY_FILTER_OPTIONS, TRAINING_WISH_FILTER_OPTIONS, todayCst, type PovertyStatus } from './options.ts';
import { PovertyTag } from './PovertyTag.tsx';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The 导出 dialog: format, the region of the current search, and the audited full-ID option. */
function ExportDialog({ open, region, regionLabel, onClose }: { open: boolean; region?: string; regionLabel: string; onClose: () => void }) {
  const { message, modal } = App.useApp();
  const canUnmasked = useCan('registry.export_unmasked');
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [unmasked, setUnmasked] = useState(false);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      const name = await exportPersons({ format, region, unmasked });
      message.success(`已导出：${name}`);
      onClose();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const onOk = () => {
    if (!unmasked) {
      void run();
      return;
    }
    modal.confirm({
      title: '确认导出完整身份证号？',
      content: (
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          导出文件将包含<Typography.Text strong>完整身份证号</Typography.Text>。本次导出将以您的账号记入审计日志（操作人、时间、区划、IP 地址），请仅为业务需要导出，并妥善保管文件，不得外传。
        </Typography.Paragraph>
      ),
      okText: '确认导出',
      cancelText: '取消',
      onOk: () => run(),
    });
  };

  return (
    <Modal title="导出台账" open={open} onCancel={onClose} onOk={onOk} okText="导出" cancelText="取消" confirmLoading={busy} destroyOnHidden>
      <Form layout="vertical">
        <Form.Item label="范围">{regionLabel}</Form.Item>
        <Form.Item label="文件格式">
          <Radio.Group value={format} onChange={(e) => setFormat(e.target.value as 'xlsx' | 'csv')} options={[{ value: 'xlsx', label: 'Excel（.xlsx）' }, { value: 'csv', label: 'CSV（.csv）' }]} />
        </Form.Item>
        <Form.Item extra="默认导出脱敏身份证号（如 530627********1234）。">
          {canUnmasked ? (
            <Checkbox checked={unmasked} onChange={(e) => setUnmasked(e.target.checked)}>
              导出完整身份证号（记入审计日志）
            </Checkbox>
          ) : null}
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The 新增人员 dialog: the shared person fields, the server's message on failure. */
function CreatePersonDialog({ open, regionRoot, onClose, onCreated }: { open: boolean; regionRoot: string; onClose: () => void; onCreated: (id: number) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<PersonFormValues>();
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setServerError(null);
    try {
      const { id } = await createPerson(toPersonInput(values) as PersonInputData);
      message.success('已新增人员');
      form.resetFields();
      onCreated(id);
    } catch (err) {
      setServerError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="新增人员" open={open} width={760} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} okText="保存" cancelText="取消" confirmLoading={busy} destroyOnHidden>
      {serverError ? <Alert type="error" showIcon title={serverError} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" requiredMark preserve={false}>
        <PersonFields form={form} mode="create" regionRoot={regionRoot} />
      </Form>
    </Modal>
  );
}

export default function RegistryPage() {
  const me = useMe();
  const navigate = useNavigate();
  const canWrite = useCan('registry.write');
  const canImport = useCan('registry.import');
  const canExport = useCan('registry.export');
  const { message } = App.useApp();
  const table = useRef<SearchTableHandle>(null);
  // Name of the region being picked, and of the region of the last search (for the export dialog).
  const pickedRegionName = useRef<string | null>(null);
  const searched = useRef<{ region?: string; name: string | null }>({ name: null });
  const [exportOpen, setExportOpen] = useState(false);
  const [createOpen, setCreateOpen] = useState(false);
  const [templateBusy, setTemplateBusy] = useState(false);
  const root = me.scope.regionCode;
  const today = todayCst();

  const fields: SearchField[] = [
    { name: 'q', label: '关键字', placeholder: '姓名 / 拼音首字母 / 身份证号', width: 240 },
    { name: 'region', label: '区划', input: <RegionCascader root={root} placeholder="全部区划" onChange={(_c, path) => (pickedRegionName.current = path.length ? path.map((n) => n.name).join(' / ') : null)} style={{ width: 260 }} /> },
    { name: 'povertyStatus', label: '帮扶状态', options: POVERTY_FILTER_OPTIONS, width: 170 },
    { name: 'trainingWish', label: '培训意愿', options: TRAINING_WISH_FILTER_OPTIONS, width: 140 },
  ];

  const columns: TableColumnsType<PersonItem> = [
    { title: '姓名', dataIndex: 'name', width: 110, fixed: 'left', render: (name: string, r) => <Link to={`/registry/${r.id}`}>{name}</Link> },
    { title: '身份证号', dataIndex: 'idNumber', width: 190, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: '性别', dataIndex: 'gender', width: 60 },
    { title: '年龄', dataIndex: 'birthDate', width: 70, render: (b: string) => ageOn(b, today) ?? '—' },
    { title: '民族', dataIndex: 'nationality', width: 80 },
    { title: '所在地区', dataIndex: 'regionName', width: 180, render: (v: string | null, r) => v ?? r.regionCode },
    { title: '帮扶状态', dataIndex: 'povertyStatus', width: 140, render: (s: PovertyStatus | null) => <PovertyTag status={s} /> },
    { title: '培训意愿', dataIndex: 'trainingWish', width: 110, render: (v: string | null) => v ?? <Typography.Text type="secondary">未填写</Typography.Text> },
    { title: '就读意愿', dataIndex: 'studyWish', width: 90, render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text> },
    { title: '就业状态', dataIndex: 'employmentStatus', width: 110, render: (v: string | null) => v ?? '—' },
    { title: '联系电话', dataIndex: 'phone', width: 130, render: (v: string | null) => v ?? '—' },
    { title: '操作', key: 'op', width: 80, fixed: 'right', render: (_: unknown, r) => <Link to={`/registry/${r.id}`}>查看</Link> },
  ];

  const onTemplate = async () => {
    setTemplateBusy(true);
    try {
      await downloadTemplate();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setTemplateBusy(false);
    }
  };

  const toolbar = (
    <Space wrap>
      {canWrite ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)}>
          新增
        </Button>
      ) : null}
      {canImport ? (
        <Button icon={<CloudUploadOutlined />} onClick={() => void navigate('/registry/import')}>
          导入
        </Button>
      ) : null}
      {canExport ? (
        <Button icon={<ExportOutlined />} onClick={() => setExportOpen(true)}>
          导出
        </Button>
      ) : null}
      {canImport ? (
        <Button icon={<FileExcelOutlined />} loading={templateBusy} onClick={() => void onTemplate()}>
          下载模板
        </Button>
      ) : null}
    </Space>
  );

  const filterRegion = searched.current.region;
  return (
    <PageLayout title="实名台账" subTitle={`${me.scope.regionName ?? me.scope.regionCode} · 身份证号默认脱敏显示`}>
      <SearchTable<PersonItem>
        ref={table}
        rowKey="id"
        columns={columns}
        fields={fields}
        toolbar={toolbar}
        fetch={(p: SearchParams) => {
          searched.current = { region: str(p.region), name: str(p.region) ? pickedRegionName.current : null };
          return fetchPersons({
            page: p.page,
            pageSize: p.pageSize,
            q: str(p.q),
            region: str(p.region),
            povertyStatus: str(p.povertyStatus) as PovertyStatus | 'none' | undefined,
            trainingWish: str(p.trainingWish) as 'yes' | 'no' | 'unknown' | undefined,
          });
        }}
      />
      <ExportDialog
        open={exportOpen}
        region={filterRegion}
        regionLabel={filterRegion ? `当前查询的区划：${searched.current.name ?? filterRegion}` : `本辖区全部人员（${me.scope.regionName ?? me.scope.regionCode}）`}
        onClose={() => setExportOpen(false)}
      />
      <CreatePersonDialog
        open={createOpen}
        regionRoot={root}
        onClose={() => setCreateOpen(false)}
        onCreated={(id) => {
          setCreateOpen(false);
          table.current?.reload();
          void navigate(`/registry/${id}`);
        }}
      />
    </PageLayout>
  );
}
