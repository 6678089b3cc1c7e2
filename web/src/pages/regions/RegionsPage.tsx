/** /regions — browse the GB/T 2260 tree: pick a region, see its direct subdivisions. */
import { useEffect, useState } from 'react';
import { Alert, Descriptions, Table, Tag, type TableColumnsType } from 'antd';
import { LEVEL_NAME, type RegionLevel } from '../../../../common/region.ts';
import { RegionCascader, loadRegionChildren } from '../../components/RegionCascader.tsx';
import { PageLayout } from '../../components/PageLayout.tsx';
import { errorMessage } from '../../api/client.ts';
import type { RegionNode } from '../../api/platform.ts';

const levelName = (level: number): string => LEVEL_NAME[level as RegionLevel] ?? `第 ${level} 级`;

export default function RegionsPage() {
  const [code, setCode] = useState<string | undefined>(undefined);
  const [path, setPath] = useState<RegionNode[]>([]);
  const [children, setChildren] = useState<RegionNode[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    loadRegionChildren(code ?? '')
      .then((items) => {
        if (live) setChildren(items);
      })
      .catch((err: unknown) => {
        if (live) setError(errorMessage(err));
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [code]);

  const selected = path.length > 0 ? path[path.length - 1] : undefined;

  const columns: TableColumnsType<RegionNode> = [
    { title: '区划代码', dataIndex: 'code', width: 140 },
    {
      title: '名称',
      dataIndex: 'name',
      render: (name: string, r) =>
        r.hasChildren ? (
          <a
            onClick={() => {
              setCode(r.code);
              setPath([...path, r]);
            }}
          >
            {name}
          </a>
        ) : (
          name
        ),
    },
    { title: '级别', dataIndex: 'level', width: 100, render: (l: number) => <Tag>{levelName(l)}</Tag> },
    { title: '下级区划', dataIndex: 'hasChildren', width: 100, render: (h: boolean) => (h ? '有' : '无') },
  ];

  return (
    <PageLayout title="行政区划" subTitle="国家标准 GB/T 2260，乡镇、村级区划可按需导入">
      <div style={{ marginBottom: 16 }}>
        <RegionCascader
          value={code}
          onChange={(c, p) => {
            setCode(c);
            setPath(p);
          }}
          placeholder="请选择省 / 市 / 县 / 乡镇 / 村"
        />
      </div>
      {selected ? (
        <Descriptions size="small" column={{ xs: 1, sm: 3 }} style={{ marginBottom: 16 }} bordered>
          <Descriptions.Item label="当前区划">{path.map((p) => p.name).join(' / ')}</Descriptions.Item>
          <Descriptions.Item label="区划代码">{selected.code}</Descriptions.Item>
          <Descriptions.Item label="级别">{levelName(selected.level)}</Descriptions.Item>
        </Descriptions>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Table<RegionNode>
        rowKey="code"
        size="middle"
        columns={columns}
        dataSource={children}
        loading={loading}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, showTotal: (t) => `共 ${t} 个下级区划`, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: selected ? '该区划暂无下级区划（乡镇、村级区划可通过命令行导入）' : '暂无数据' }}
        title={() => (selected ? `${selected.name}的下级区划` : '省级行政区')}
      />
    </PageLayout>
  );
}
