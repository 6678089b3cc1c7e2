/** The payment register (拨付台账) of the caller's region, with the Excel export. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, type TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { errorMessage } from '../../api/client.ts';
import { exportPayments, fetchPayments, type Payment } from '../../api/subsidy.ts';
import { SearchTable } from '../../components/SearchTable.tsx';
import { claimKindLabel, formatFen } from './format.ts';
import { PaymentStatusTag } from './tags.tsx';

const columns: TableColumnsType<Payment> = [
  { title: '付款编号', dataIndex: 'id', width: 100 },
  { title: '申报编号', dataIndex: 'claimId', width: 100, render: (id: number) => <Link to={`/subsidy/claims/${id}`}>{id}</Link> },
  { title: '补贴类型', dataIndex: 'kind', width: 180, render: (k: string) => claimKindLabel(k) },
  { title: '收款单位', dataIndex: 'payee', width: 260 },
  { title: '区划代码', dataIndex: 'regionCode', width: 110 },
  { title: '核定金额（元）', dataIndex: 'amountFen', width: 140, align: 'right', render: (f: number) => formatFen(f) },
  { title: '已收回（元）', dataIndex: 'recoveredFen', width: 130, align: 'right', render: (f: number) => formatFen(f) },
  { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => <PaymentStatusTag status={s} /> },
  { title: '生成时间', dataIndex: 'createdAt', width: 170 },
  { title: '发放时间', dataIndex: 'paidAt', width: 170, render: (v: string | null) => v ?? '—' },
  { title: '凭证号', dataIndex: 'voucherNo', width: 150, render: (v: string | null) => v ?? '—' },
];

export function PaymentsTable() {
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const onExport = async () => {
    setExporting(true);
    try {
      const name = await exportPayments();
      message.success(`已导出 ${name}`);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setExporting(false);
    }
  };
  return (
    <SearchTable<Payment>
      rowKey="id"
      columns={columns}
      fetch={(p) => fetchPayments({ page: p.page, pageSize: p.pageSize })}
      toolbar={
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void onExport()}>
          导出 Excel
        </Button>
      }
    />
  );
}
