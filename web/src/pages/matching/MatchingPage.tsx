/**
 * /matching — 精准比对 for 扶贫/乡村振兴 and 人社 staff: the versions of the poverty-registry
 * extract (建档立卡数据) with the upload of a new one, starting a match run over the region's
 * registry persons or training rosters with live progress (the run is polled), and the
 * region's recent runs with their tier counts.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Badge, Button, Card, Flex, Form, Input, Modal, Progress, Radio, Space, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { AuditOutlined, CloudUploadOutlined, InboxOutlined, PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMe } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../api/client.ts';
import { fetchReviews, fetchRun, fetchRuns, fetchSnapshots, startRun, uploadSnapshot, type MatchRun, type MatchScope, type PovertySnapshot } from '../../api/matching.ts';
import { PageLayout } from '../../components/PageLayout.tsx';
import { RUN_COUNT_KEYS, runPercent, runStatusLabel, scopeLabel, snapshotFileProblem, SNAPSHOT_EXTENSIONS, tierColor, tierLabel } from './matching-helpers.ts';

const POLL_MS = 1000;
const DEFAULT_SOURCE = '全国扶贫开发信息系统';

function RunStatusTag({ status }: { status: string }) {
  const color = status === 'succeeded' ? 'success' : status === 'failed' ? 'error' : 'processing';
  return <Tag color={color}>{runStatusLabel(status)}</Tag>;
}

/** The tier counts of a finished run, then 自动确认 and 待复核. */
function RunCounts({ run }: { run: MatchRun }) {
  if (run.status !== 'succeeded') return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {RUN_COUNT_KEYS.map((k) => (
        <Tag key={k} color={tierColor(k)}>
          {tierLabel(k)} {run.counts[k] ?? 0}
        </Tag>
      ))}
      <Tag>自动确认 {run.counts.auto ?? 0}</Tag>
      <Tag color={(run.counts.pending ?? 0) > 0 ? 'orange' : 'default'}>待复核 {run.counts.pending ?? 0}</Tag>
    </Space>
  );
}

function UploadDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState(DEFAULT_SOURCE);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const abort = useRef<AbortController | null>(null);

  const reset = () => {
    setFile(null);
    setProblem(null);
    setError(null);
    setSent(null);
  };
  const close = () => {
    abort.current?.abort();
    reset();
    onClose();
  };
  const submit = async () => {
    if (!file) {
      setProblem('请选择建档立卡数据文件');
      return;
    }
    setError(null);
    setSent(0);
    const ctrl = new AbortController();
    abort.current = ctrl;
    try {
      const r = await uploadSnapshot(file, source, { onProgress: (s) => setSent(s), signal: ctrl.signal });
      message.success(`已导入建档立卡数据 ${r.rows} 条${r.invalid ? `（其中身份证号无效 ${r.invalid} 条，不参与比对）` : ''}`);
      reset();
      onDone();
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      setError(errorMessage(err));
      setSent(null);
    } finally {
      abort.current = null;
    }
  };
  const busy = sent !== null;
  return (
    <Modal
      title="导入建档立卡数据"
      open={open}
      onCancel={close}
      onOk={() => void submit()}
      okText="上传并导入"
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
      width={640}
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          从建档立卡贫困人口信息系统导出的数据（.xlsx、.csv 或 .tsv），列为：身份证号、姓名、性别、户编号、与户主关系、所在地区代码、贫困状态（未脱贫、已脱贫、监测对象）。导入后成为当前版本，旧版本保留。
        </Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item label="数据来源" style={{ marginBottom: 12 }}>
            <Input value={source} maxLength={100} onChange={(e) => setSource(e.target.value)} placeholder={DEFAULT_SOURCE} />
          </Form.Item>
        </Form>
        <Upload.Dragger
          accept={SNAPSHOT_EXTENSIONS.join(',')}
          multiple={false}
          showUploadList={false}
          disabled={busy}
          beforeUpload={(f) => {
            const p = snapshotFileProblem(f);
            setProblem(p);
            setFile(p ? null : f);
            return false;
          }}
          data-testid="snapshot-file"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或拖拽文件到此处</p>
          <p className="ant-upload-hint">支持 .xlsx、.csv、.tsv，单个文件不超过 200 MB</p>
        </Upload.Dragger>
        {problem ? <Alert type="error" showIcon title={problem} /> : null}
        {file ? <Alert type="success" showIcon title={`已选择：${file.name}（${(file.size / 1024).toFixed(1)} KB）`} /> : null}
        {busy && file ? <Progress percent={Math.min(99, Math.floor(((sent ?? 0) * 100) / Math.max(1, file.size)))} status="active" format={(p) => (p === 99 ? '导入中…' : `上传 ${p}%`)} /> : null}
        {error ? <Alert type="error" showIcon title={error} /> : null}
      </Space>
    </Modal>
  );
}

export default function MatchingPage() {
  const me = useMe();
  const { message } = App.useApp();
  const [snapshots, setSnapshots] = useState<PovertySnapshot[] | null>(null);
  const [runs, setRuns] = useState<MatchRun[] | null>(null);
  const [pending, setPending] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [scope, setScope] = useState<MatchScope>('registry');
  const [starting, setStarting] = useState(false);
  /** The run being followed live (started here, or found running on load). */
  const [live, setLive] = useState<MatchRun | null>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const [s, r, q] = await Promise.all([fetchSnapshots(), fetchRuns(10), fetchReviews({ page: 1, pageSize: 1 })]);
      setSnapshots(s.items);
      setRuns(r.items);
      setPending(q.total);
      const running = r.items.find((x) => x.status === 'running');
      if (running) setLive((cur) => (cur && cur.id === running.id ? cur : running));
    } catch (err) {
      setLoadError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // Follow the live run until it leaves 'running', then refresh the lists.
  const liveId = live?.id ?? null;
  const liveRunning = live?.status === 'running';
  useEffect(() => {
    if (liveId === null || !liveRunning) return;
    const ctrl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const r = await fetchRun(liveId, ctrl.signal);
        setLive(r);
        if (r.status === 'running') timer = setTimeout(() => void poll(), POLL_MS);
        else {
          if (r.status === 'succeeded') message.success(`比对完成：共 ${r.total} 人，自动确认 ${r.counts.auto ?? 0} 人，待复核 ${r.counts.pending ?? 0} 人`);
          else message.error(r.error ?? '比对失败');
          void load();
        }
      } catch (err) {
        if (err instanceof DOMException && err.name === 'AbortError') return;
        timer = setTimeout(() => void poll(), POLL_MS * 3);
      }
    };
    timer = setTimeout(() => void poll(), POLL_MS / 2);
    return () => {
      ctrl.abort();
      if (timer) clearTimeout(timer);
    };
  }, [liveId, liveRunning, load, message]);

  const current = snapshots?.find((s) => s.current) ?? null;

  const start = async () => {
    setStarting(true);
    try {
      const { id } = await startRun(scope);
      setLive({ id, scope, status: 'running', total: 0, done: 0, counts: {}, error: null, startedAt: '', finishedAt: null });
      message.info(`已发起比对任务 #${id}`);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setStarting(false);
    }
  };

  const snapshotColumns: TableColumnsType<PovertySnapshot> = [
    { title: '版本', dataIndex: 'id', width: 80, render: (id: number) => `#${id}` },
    { title: '文件名', dataIndex: 'fileName', width: 240, ellipsis: true },
    { title: '数据来源', dataIndex: 'source', width: 220, ellipsis: true },
    { title: '导入时间', dataIndex: 'importedAt', width: 170 },
    { title: '行数', dataIndex: 'rows', width: 100, align: 'right', render: (n: number) => n.toLocaleString('zh-CN') },
    { title: '无效身份证号', dataIndex: 'invalidRows', width: 120, align: 'right', render: (n: number) => (n ? <Typography.Text type="warning">{n.toLocaleString('zh-CN')}</Typography.Text> : 0) },
    { title: '状态', dataIndex: 'current', width: 100, render: (c: boolean) => (c ? <Tag color="green">当前版本</Tag> : <Tag>历史版本</Tag>) },
  ];

  const runColumns: TableColumnsType<MatchRun> = [
    { title: '任务', dataIndex: 'id', width: 80, render: (id: number) => `#${id}` },
    { title: '比对对象', dataIndex: 'scope', width: 100, render: scopeLabel },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => <RunStatusTag status={s} /> },
    { title: '人数', key: 'n', width: 110, render: (_: unknown, r) => (r.status === 'running' ? `${r.done} / ${r.total}` : r.total.toLocaleString('zh-CN')) },
    { title: '比对结果', key: 'counts', render: (_: unknown, r) => (r.status === 'failed' ? <Typography.Text type="danger">{r.error ?? '比对失败'}</Typography.Text> : <RunCounts run={r} />) },
    { title: '开始时间', dataIndex: 'startedAt', width: 170 },
    { title: '完成时间', dataIndex: 'finishedAt', width: 170, render: (v: string | null) => v ?? '—' },
  ];

  return (
    <PageLayout
      title="精准比对"
      subTitle={`${me.scope.regionName ?? me.scope.regionCode} · 与建档立卡贫困人口信息系统数据比对`}
      card={false}
      extra={
        <>
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            刷新
          </Button>
          <Link to="/matching/reviews">
            <Badge count={pending ?? 0} overflowCount={999}>
              <Button icon={<AuditOutlined />}>人工复核</Button>
            </Badge>
          </Link>
        </>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {loadError ? <Alert type="error" showIcon title={loadError} /> : null}
        <Card
          title="建档立卡数据"
          extra={
            <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => setUploading(true)}>
              导入新版本
            </Button>
          }
        >
          <Table<PovertySnapshot>
            rowKey="id"
            size="small"
            columns={snapshotColumns}
            dataSource={snapshots ?? []}
            loading={snapshots === null && !loadError}
            pagination={false}
            scroll={{ x: 1030 }}
            locale={{ emptyText: '尚未导入建档立卡数据，请先导入' }}
            data-testid="snapshot-table"
          />
        </Card>

        <Card title="发起比对">
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {snapshots !== null && !current ? <Alert type="warning" showIcon title="请先导入建档立卡数据，再发起比对" /> : null}
            {current ? (
              <Typography.Text type="secondary">
                比对依据：当前版本 #{current.id}（{current.fileName}，{current.rows.toLocaleString('zh-CN')} 条，{current.importedAt} 导入）
              </Typography.Text>
            ) : null}
            <Flex gap={12} wrap align="center">
              <Radio.Group value={scope} onChange={(e) => setScope(e.target.value as MatchScope)} optionType="button" buttonStyle="solid">
                <Radio.Button value="registry">辖区台账人员</Radio.Button>
                <Radio.Button value="training">辖区培训学员</Radio.Button>
              </Radio.Group>
              <Button type="primary" icon={<PlayCircleOutlined />} loading={starting} disabled={!current || liveRunning} onClick={() => void start()}>
                发起比对
              </Button>
            </Flex>
            <Typography.Text type="secondary">精确匹配和把握充分的纠错匹配自动确认并更新贫困状态；模糊、冲突和把握不足的纠错结果进入人工复核。</Typography.Text>
            {live ? (
              <Card size="small" data-testid="live-run">
                <Flex vertical gap={8}>
                  <Flex gap={8} align="center" wrap>
                    <Typography.Text strong>比对任务 #{live.id}</Typography.Text>
                    <Tag>{scopeLabel(live.scope)}</Tag>
                    <RunStatusTag status={live.status} />
                    {live.status === 'running' ? <Typography.Text type="secondary">{live.total ? `已比对 ${live.done} / ${live.total} 人` : '正在读取建档立卡数据…'}</Typography.Text> : null}
                  </Flex>
                  <Progress percent={runPercent(live)} status={live.status === 'failed' ? 'exception' : live.status === 'running' ? 'active' : 'success'} />
                  {live.status === 'succeeded' ? (
                    <Flex gap={8} align="center" wrap>
                      <RunCounts run={live} />
                      {(live.counts.pending ?? 0) > 0 ? <Link to="/matching/reviews">去复核 {live.counts.pending} 条</Link> : null}
                    </Flex>
                  ) : null}
                  {live.status === 'failed' ? <Alert type="error" showIcon title={live.error ?? '比对失败'} /> : null}
                </Flex>
              </Card>
            ) : null}
          </Space>
        </Card>

        <Card title="最近比对">
          <Table<MatchRun>
            rowKey="id"
            size="small"
            columns={runColumns}
            dataSource={runs ?? []}
            loading={runs === null && !loadError}
            pagination={false}
            scroll={{ x: 1100 }}
            locale={{ emptyText: '暂无比对任务' }}
            data-testid="run-table"
          />
        </Card>
      </Space>
      <UploadDialog
        open={uploading}
        onClose={() => setUploading(false)}
        onDone={() => {
          setUploading(false);
          void load();
        }}
      />
    </PageLayout>
  );
}
