/**
 * 模拟试算 (what-if): upload or paste a claim batch (contracts.md §3) and see what this saved
 * version would decide for every claim, with the evaluator's rule-by-rule explanation.
 */
import { useState } from 'react';
import { Alert, App, Button, Descriptions, Flex, Input, List, Space, Statistic, Table, Typography, Upload, type TableColumnsType } from 'antd';
import { CalculatorOutlined, FileTextOutlined, UploadOutlined } from '@ant-design/icons';
import { errorMessage } from '../../api/client.ts';
import { runWhatIf, type ClaimResult, type Decision, type WhatIfResult } from '../../api/policy.ts';
import { DecisionTag } from './labels.tsx';
import { formatYuanAmount, parseBatchText, ruleLabel } from './policyFields.ts';
import { SAMPLE_BATCH_TEXT } from './sampleBatch.ts';

const MAX_FILE_BYTES = 20 * 1024 * 1024;

const columns: TableColumnsType<ClaimResult> = [
  { title: '申报编号', dataIndex: 'claim', width: 160 },
  { title: '结果', dataIndex: 'decision', width: 120, render: (d: Decision) => <DecisionTag decision={d} /> },
  { title: '核定金额', dataIndex: 'amount', width: 160, align: 'right', render: (a: number) => formatYuanAmount(a) },
  {
    title: '说明',
    key: 'why',
    render: (_: unknown, r) => (r.reasons.length ? r.reasons.map((x) => ruleLabel(x.rule)).join('；') : [...new Set(r.lines.map((l) => ruleLabel(l.rule)))].join('；')),
  },
];

function ClaimExplanation({ result }: { result: ClaimResult }) {
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        dataSource={result.lines}
        columns={[
          { title: '人员', dataIndex: 'person' },
          { title: '金额', dataIndex: 'amount', align: 'right', render: (a: number) => formatYuanAmount(a) },
          { title: '适用规则', dataIndex: 'rule', render: (rule: string) => `${ruleLabel(rule)}（${rule}）` },
        ]}
      />
      {result.reasons.length ? (
        <List
          size="small"
          header={<Typography.Text strong>核定依据</Typography.Text>}
          dataSource={result.reasons}
          renderItem={(x) => (
            <List.Item>
              <Typography.Text>
                <Typography.Text strong>{ruleLabel(x.rule)}：</Typography.Text>
                {x.detail}
              </Typography.Text>
            </List.Item>
          )}
        />
      ) : null}
    </Space>
  );
}

export function WhatIfPanel({ id, version, dirty }: { id: string; version: number; dirty: boolean }) {
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<WhatIfResult | null>(null);

  const run = async () => {
    const parsed = parseBatchText(text);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setResult(await runWhatIf(id, version, parsed.batch));
    } catch (err) {
      setError(errorMessage(err));
      setResult(null);
    } finally {
      setBusy(false);
    }
  };

  const readFile = async (file: File) => {
    if (file.size > MAX_FILE_BYTES) {
      message.error('文件超过 20 MB');
      return;
    }
    setText(await file.text());
    setFileName(file.name);
    setResult(null);
    setError(null);
  };

  const results = result?.results ?? [];
  const count = (d: Decision) => results.filter((r) => r.decision === d).length;
  const totalFen = results.reduce((s, r) => s + Math.round(r.amount * 100), 0);

  return (
    <>
      <Typography.Paragraph type="secondary">
        上传或粘贴申报批次（JSON，格式见接口文档“政策测算”：people、history、institutions、enterprises、classes、claims），按本版本已保存的政策参数逐笔测算，不写入任何数据。
      </Typography.Paragraph>
      {dirty ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="表单中有未保存的修改，试算使用已保存的内容。" /> : null}
      <Flex gap={8} wrap style={{ marginBottom: 8 }}>
        <Upload
          accept=".json,application/json"
          showUploadList={false}
          beforeUpload={(file) => {
            void readFile(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>上传批次文件</Button>
        </Upload>
        <Button
          icon={<FileTextOutlined />}
          onClick={() => {
            setText(SAMPLE_BATCH_TEXT);
            setFileName(null);
            setResult(null);
            setError(null);
          }}
        >
          填入示例批次
        </Button>
        {fileName ? <Typography.Text type="secondary" style={{ lineHeight: '32px' }}>已读取：{fileName}</Typography.Text> : null}
      </Flex>
      <Input.TextArea
        aria-label="申报批次 JSON"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setFileName(null);
        }}
        autoSize={{ minRows: 6, maxRows: 18 }}
        placeholder='{"people": [...], "classes": [...], "claims": [...]}'
        style={{ fontFamily: 'monospace', marginBottom: 12 }}
      />
      <Button type="primary" icon={<CalculatorOutlined />} loading={busy} onClick={() => void run()} style={{ marginBottom: 16 }}>
        开始试算
      </Button>
      {error ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} /> : null}
      {result ? (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 5 }} style={{ marginBottom: 8 }}>
            <Descriptions.Item label="政策集">{result.policy}</Descriptions.Item>
          </Descriptions>
          <Flex gap={32} wrap style={{ marginBottom: 16 }}>
            <Statistic title="申报笔数" value={results.length} />
            <Statistic title="全额通过" value={count('approved')} />
            <Statistic title="部分通过" value={count('partial')} />
            <Statistic title="不予补贴" value={count('rejected')} />
            <Statistic title="核定金额合计（元）" value={totalFen / 100} precision={2} />
          </Flex>
          <Table<ClaimResult>
            rowKey="claim"
            size="middle"
            columns={columns}
            dataSource={results}
            pagination={results.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            expandable={{ expandedRowRender: (r) => <ClaimExplanation result={r} /> }}
          />
        </>
      ) : null}
    </>
  );
}
