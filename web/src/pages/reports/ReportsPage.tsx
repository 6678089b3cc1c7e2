/**
 * 统计报表: the official report tables (contracts.md §4) of the user's scope — pick a table,
 * year, half and region, preview it (first rows and the 合计 row) and download .xlsx/.csv.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Checkbox, Form, InputNumber, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { REPORT_NAMES, REPORT_TITLES, type ReportName, type ReportOutput } from '../../../../common/schemas/reports.ts';
import { useCan, useMe } from '../../auth/AuthContext.tsx';
import { errorMessage } from '../../api/client.ts';
import { downloadReport, fetchReport, type ReportRequest } from '../../api/reports.ts';
import { PageLayout } from '../../components/PageLayout.tsx';
import { RegionCascader } from '../../components/RegionCascader.tsx';

const HALF_OPTIONS = [
  { value: 0, label: '全年' },
  { value: 1, label: '上半年（1–6月）' },
  { value: 2, label: '下半年（7–12月）' },
];

type Row = Record<string, string> & { key: string };

function currentYearCst(): number {
  return new Date(Date.now() + 8 * 3600 * 1000).getUTCFullYear();
}

export default function ReportsPage() {
  const me = useMe();
  const canUnmasked = useCan('registry.export_unmasked');
  const { message } = App.useApp();
  const [name, setName] = useState<ReportName>('training-progress');
  const [year, setYear] = useState<number>(currentYearCst());
  const [half, setHalf] = useState<0 | 1 | 2>(0);
  const [region, setRegion] = useState<string | undefined>(undefined);
  const [unmasked, setUnmasked] = useState(false);
  const [report, setReport] = useState<ReportOutput | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState(false);

  const request: ReportRequest = { name, year, half: half === 0 ? undefined : half, region };

  const load = useCallback(async (r: ReportRequest) => {
    setLoading(true);
    setError(null);
    try {
      setReport(await fetchReport(r));
    } catch (err) {
      setReport(null);
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load({ name, year, half: half === 0 ? undefined : half, region });
  }, [load, name, year, half, region]);

  const download = async (format: 'xlsx' | 'csv') => {
    setBusy(true);
    try {
      const file = await downloadReport(request, format, name === 'registration-summary' && unmasked);
      void message.success(`已下载 ${file}`);
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<Row> = (report?.columns ?? []).map((c, i) => ({
    title: c,
    dataIndex: String(i),
    key: String(i),
    align: i >= (report?.name === 'registration-summary' ? 99 : 2) ? 'right' : 'left',
    onHeaderCell: () => ({ style: { whiteSpace: 'normal', minWidth: 80 } }),
  }));
  const toRow = (cells: string[], key: string): Row => ({ key, ...Object.fromEntries(cells.map((v, i) => [String(i), v])) });
  const rows = report ? [...report.rows.map((r, i) => toRow(r, `r${i}`)), toRow(report.total, 'total')] : [];

  return (
    <PageLayout
      title="统计报表"
      subTitle={me.scope.regionName ?? me.scope.regionCode}
      extra={
        <Space>
          {name === 'registration-summary' && canUnmasked && (
            <Checkbox checked={unmasked} onChange={(e) => setUnmasked(e.target.checked)}>
              导出完整身份证号（记入审计日志）
            </Checkbox>
          )}
          <Button type="primary" icon={<DownloadOutlined />} loading={busy} disabled={!report} onClick={() => void download('xlsx')}>
            下载 Excel
          </Button>
          <Button icon={<DownloadOutlined />} loading={busy} disabled={!report} onClick={() => void download('csv')}>
            下载 CSV
          </Button>
        </Space>
      }
    >
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label="报表">
          <Select<ReportName> value={name} onChange={setName} style={{ width: 300 }} options={REPORT_NAMES.map((n) => ({ value: n, label: REPORT_TITLES[n] }))} />
        </Form.Item>
        <Form.Item label="年度">
          <InputNumber<number> value={year} min={2000} max={2100} precision={0} onChange={(v) => v !== null && setYear(v)} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item label="期间">
          <Select<0 | 1 | 2> value={half} onChange={setHalf} style={{ width: 170 }} options={HALF_OPTIONS as { value: 0 | 1 | 2; label: string }[]} />
        </Form.Item>
        <Form.Item label="区划">
          <RegionCascader root={me.scope.regionCode} value={region} onChange={(code) => setRegion(code)} placeholder="本辖区" style={{ width: 260 }} />
        </Form.Item>
        <Form.Item>
          <Button icon={<ReloadOutlined />} onClick={() => void load(request)}>
            刷新
          </Button>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {report && (
        <Typography.Paragraph>
          <Typography.Text strong>{report.title}</Typography.Text>（{report.periodLabel}，{report.region.name}）
          {report.truncated && <Typography.Text type="secondary">　预览只显示前 {report.rows.length} 行，下载文件包含全部数据。</Typography.Text>}
        </Typography.Paragraph>
      )}
      {report && report.noSource.length > 0 && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={`以下列暂无数据来源，填 0 或留空：${report.noSource.join('、')}`} />
      )}
      <Table<Row> size="small" bordered loading={loading} columns={columns} dataSource={rows} pagination={false} scroll={{ x: 'max-content', y: 560 }} />
    </PageLayout>
  );
}
