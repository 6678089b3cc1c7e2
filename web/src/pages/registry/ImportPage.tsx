/**
 * /registry/import — the import wizard (contracts.md §1 over HTTP): choose a .xlsx/.csv/.tsv
 * file (≤ 100 MB) → upload it as the raw body → follow the background job live (SSE, with a
 * polling fallback) → summary, the first problems, and the full error report.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, App, Button, Checkbox, Col, Flex, Progress, Result, Row, Space, Statistic, Steps, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, FileExcelOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { errorMessage } from '../../api/client.ts';
import { downloadImportReport, downloadTemplate, fetchImportJob, importEventsUrl, startImport, type ImportJob, type ImportProblem } from '../../api/registry.ts';
import { PageLayout } from '../../components/PageLayout.tsx';
import { ACCEPTED_IMPORT_EXTENSIONS, fileProblem } from './importFile.ts';

const TERMINAL = new Set(['succeeded', 'partial', 'failed']);
const POLL_MS = 1000;

type Phase = 'choose' | 'uploading' | 'running' | 'done';

const STATUS_TEXT: Record<string, string> = { queued: '排队中', running: '导入中', succeeded: '导入完成', partial: '部分导入', failed: '导入失败' };

const PROBLEM_COLUMNS: TableColumnsType<ImportProblem> = [
  { title: '行号', dataIndex: 'row', width: 80 },
  { title: '列', dataIndex: 'column', width: 120 },
  { title: '值', dataIndex: 'value', width: 200, render: (v: string) => (v ? <Typography.Text code>{v}</Typography.Text> : <Typography.Text type="secondary">（空）</Typography.Text>) },
  { title: '错误', dataIndex: 'message' },
  { title: '代码', dataIndex: 'code', width: 150, render: (c: string) => <Tag>{c}</Tag> },
];

function Counts({ job }: { job: ImportJob }) {
  const s = job.summary;
  return (
    <Row gutter={[16, 16]} data-testid="import-counts">
      <Col xs={12} md={4}>
        <Statistic title="已处理行数" value={job.done} />
      </Col>
      <Col xs={12} md={4}>
        <Statistic title="新增" value={s?.imported ?? 0} styles={{ content: { color: '#2e8b57' } }} />
      </Col>
      <Col xs={12} md={4}>
        <Statistic title="更新" value={s?.updated ?? 0} styles={{ content: { color: '#1f5fa8' } }} />
      </Col>
      <Col xs={12} md={4}>
        <Statistic title="未变" value={s?.unchanged ?? 0} />
      </Col>
      <Col xs={12} md={4}>
        <Statistic title="拒绝" value={s?.rejected ?? 0} styles={{ content: { color: (s?.rejected ?? 0) > 0 ? '#c0392b' : undefined } }} />
      </Col>
    </Row>
  );
}

export default function ImportPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [phase, setPhase] = useState<Phase>('choose');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [allOrNothing, setAllOrNothing] = useState(false);
  const [uploaded, setUploaded] = useState(0);
  const [jobId, setJobId] = useState<number | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<'sse' | 'poll'>('sse');
  const abort = useRef<AbortController | null>(null);

  // Follows the job: EventSource first, polling when the stream fails; ends on a final status.
  useEffect(() => {
    if (phase !== 'running' || jobId === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | null = null;

    const finish = async () => {
      stopped = true;
      source?.close();
      try {
        setJob(await fetchImportJob(jobId)); // with the first problems (the stream leaves them out)
      } catch (err) {
        setError(errorMessage(err));
      }
      setPhase('done');
    };
    const poll = async () => {
      if (stopped) return;
      try {
        const j = await fetchImportJob(jobId);
        if (stopped) return;
        setJob(j);
        if (TERMINAL.has(j.status)) {
          void finish();
          return;
        }
      } catch (err) {
        setError(errorMessage(err));
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    };

    if (typeof EventSource === 'undefined') {
      setLive('poll');
      void poll();
    } else {
      source = new EventSource(importEventsUrl(jobId), { withCredentials: true });
      source.onmessage = (e: MessageEvent<string>) => {
        try {
          const j = JSON.parse(e.data) as ImportJob;
          setJob(j);
          if (TERMINAL.has(j.status)) void finish();
        } catch {
          // a malformed event: the next one or the fallback will do
        }
      };
      source.onerror = () => {
        if (stopped) return;
        // The stream broke (proxy, network): follow the job by polling instead.
        source?.close();
        source = null;
        setLive('poll');
        void poll();
      };
    }
    return () => {
      stopped = true;
      source?.close();
      if (timer) clearTimeout(timer);
    };
  }, [phase, jobId]);

  const choose = (f: File) => {
    const problem = fileProblem(f);
    setFileError(problem);
    setFile(problem ? null : f);
  };

  const start = async () => {
    if (!file) return;
    setPhase('uploading');
    setError(null);
    setUploaded(0);
    setJob(null);
    setLive('sse');
    const ctrl = new AbortController();
    abort.current = ctrl;
    try {
      const r = await startImport(file, allOrNothing, (sent) => setUploaded(sent), ctrl.signal);
      setJobId(r.jobId);
      setPhase('running');
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') message.info('已取消上传');
      else setError(errorMessage(err));
      setPhase('choose');
    } finally {
      abort.current = null;
    }
  };

  const reset = useCallback(() => {
    setPhase('choose');
    setFile(null);
    setFileError(null);
    setJobId(null);
    setJob(null);
    setError(null);
    setUploaded(0);
  }, []);

  const onReport = async () => {
    if (jobId === null) return;
    try {
      await downloadImportReport(jobId);
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const current = phase === 'choose' ? 0 : phase === 'uploading' ? 1 : phase === 'running' ? 2 : 3;
  const total = job?.total ?? null;
  const percent = total && total > 0 ? Math.min(100, Math.floor(((job?.done ?? 0) / total) * 100)) : null;

  let body: ReactNode;
  switch (phase) {
    case 'choose':
      body = (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Alert
            type="info"
            showIcon
            title="按《精准扶贫对象登记汇总表》格式导入"
            description={
              <span>
                首个非空行为表头，至少包含 姓名、性别、民族、身份证号、家庭详细地址；可附加 户编号、与户主关系、所在地区代码、文化程度、就业状态、培训意愿、就读意愿、劳动能力、备注 等列（列顺序不限）。
                身份证号已在台账中的人员将被更新，不会重复登记。CSV 支持 UTF-8 与 GBK 编码。
              </span>
            }
          />
          <Upload.Dragger
            accept={ACCEPTED_IMPORT_EXTENSIONS.join(',')}
            multiple={false}
            showUploadList={false}
            beforeUpload={(f) => {
              choose(f);
              return false;
            }}
            data-testid="import-file"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或拖拽文件到此处</p>
            <p className="ant-upload-hint">支持 .xlsx、.csv、.tsv，单个文件不超过 100 MB</p>
          </Upload.Dragger>
          {fileError ? <Alert type="error" showIcon title={fileError} /> : null}
          {file ? (
            <Alert type="success" showIcon title={`已选择：${file.name}（${file.size < 1024 * 1024 ? `${(file.size / 1024).toFixed(1)} KB` : `${(file.size / 1024 / 1024).toFixed(1)} MB`}）`} />
          ) : null}
          {error ? <Alert type="error" showIcon title={error} /> : null}
          <Checkbox checked={allOrNothing} onChange={(e) => setAllOrNothing(e.target.checked)}>
            全部或全不（任一行有误则整个文件都不导入）
          </Checkbox>
          <Flex gap={8} wrap>
            <Button type="primary" icon={<CloudUploadOutlined />} disabled={!file} onClick={() => void start()}>
              开始导入
            </Button>
            <Button
              icon={<FileExcelOutlined />}
              onClick={() => {
                downloadTemplate().catch((err: unknown) => message.error(errorMessage(err)));
              }}
            >
              下载模板
            </Button>
          </Flex>
        </Space>
      );
      break;
    case 'uploading':
      body = (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Typography.Text>正在上传 {file?.name} …</Typography.Text>
          <Progress percent={file && file.size > 0 ? Math.floor((uploaded / file.size) * 100) : 0} status="active" />
          <Button onClick={() => abort.current?.abort()}>取消上传</Button>
        </Space>
      );
      break;
    case 'running':
      body = (
        <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="import-progress">
          <Typography.Text>
            {job ? STATUS_TEXT[job.status] ?? job.status : '等待服务器开始处理'}：{job?.fileName ?? file?.name}
            {total !== null ? `，已处理 ${job?.done ?? 0} / ${total} 行` : `，已处理 ${job?.done ?? 0} 行`}
          </Typography.Text>
          <Progress percent={percent ?? 0} status="active" showInfo={percent !== null} />
          {job ? <Counts job={job} /> : null}
          <Typography.Text type="secondary">{live === 'sse' ? '实时进度' : '实时连接不可用，正在定时刷新进度'}。可以离开本页，导入会在服务器上继续进行。</Typography.Text>
          {error ? <Alert type="warning" showIcon title={error} /> : null}
        </Space>
      );
      break;
    case 'done': {
      const s = job?.summary;
      const failed = job?.status === 'failed';
      const problems = job?.problems ?? [];
      const hasReport = (s?.rejected ?? 0) > 0 || problems.length > 0;
      body = (
        <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="import-summary">
          <Result
            style={{ padding: '16px 0' }}
            status={failed ? 'error' : job?.status === 'partial' ? 'warning' : 'success'}
            title={job ? STATUS_TEXT[job.status] ?? job.status : '导入结束'}
            subTitle={
              failed
                ? (job?.error ?? '导入失败')
                : s
                  ? `共 ${s.total} 行：新增 ${s.imported}，更新 ${s.updated}，未变 ${s.unchanged}，拒绝 ${s.rejected}`
                  : undefined
            }
          />
          {job ? <Counts job={job} /> : null}
          {error ? <Alert type="error" showIcon title={error} /> : null}
          {problems.length > 0 ? (
            <>
              <Typography.Title level={5} style={{ margin: 0 }}>
                问题明细{problems.length >= 100 ? '（前 100 条，完整内容请下载错误报告）' : ''}
              </Typography.Title>
              <Table<ImportProblem> rowKey={(r) => `${r.row}-${r.column}-${r.code}`} size="small" columns={PROBLEM_COLUMNS} dataSource={problems} pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} />
            </>
          ) : null}
          <Flex gap={8} wrap>
            {hasReport ? (
              <Button type="primary" icon={<DownloadOutlined />} onClick={() => void onReport()}>
                下载错误报告
              </Button>
            ) : null}
            <Button icon={<ReloadOutlined />} onClick={reset}>
              继续导入
            </Button>
            <Button onClick={() => void navigate('/registry')}>查看台账</Button>
          </Flex>
        </Space>
      );
      break;
    }
  }

  return (
    <PageLayout title="台账导入" subTitle={<Link to="/registry">返回实名台账</Link>}>
      <Steps current={current} items={[{ title: '选择文件' }, { title: '上传' }, { title: '导入' }, { title: '完成' }]} style={{ marginBottom: 24 }} responsive />
      {body}
    </PageLayout>
  );
}
