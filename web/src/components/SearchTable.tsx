/**
 * A search form row above an antd Table that pages on the server:
 * `fetch({ page, pageSize, ...filters })` → `{ items, total }`.
 *
 *   <SearchTable<AuditItem>
 *     rowKey="seq"
 *     columns={columns}
 *     fields={[{ name: 'action', label: '操作' }]}
 *     fetch={(p) => fetchAudit(p)}
 *   />
 */
import { useCallback, useEffect, useImperativeHandle, useRef, useState, type ReactNode, type Ref } from 'react';
import { Alert, Button, Flex, Form, Input, Select, Table, type TableColumnsType, type TableProps } from 'antd';
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { errorMessage, type Paged } from '../api/client.ts';

/** Filter values as the server receives them (empty ones are left out). */
export type Filters = Record<string, string | number | undefined>;

export interface SearchParams extends Filters {
  page: number;
  pageSize: number;
}

export interface SearchField {
  name: string;
  label: string;
  placeholder?: string;
  /** A select instead of a text box. */
  options?: { label: string; value: string | number }[];
  /** Any form control taking `value`/`onChange` (e.g. <RegionCascader />). */
  input?: ReactNode;
  /** Width of the control in px (default 200). */
  width?: number;
}

export interface SearchTableHandle {
  /** Reloads the current page (after a change elsewhere on the page). */
  reload: () => void;
}

export interface SearchTableProps<T> {
  fetch: (params: SearchParams) => Promise<Paged<T>>;
  columns: TableColumnsType<T>;
  rowKey: TableProps<T>['rowKey'];
  fields?: SearchField[];
  /** Filters applied before the user searches. */
  initialFilters?: Filters;
  pageSize?: number;
  /** Buttons on the right of the search row. */
  toolbar?: ReactNode;
  /** Extra props for the antd Table (expandable, rowSelection…). */
  tableProps?: Omit<TableProps<T>, 'columns' | 'dataSource' | 'rowKey' | 'pagination' | 'loading' | 'onChange'>;
  ref?: Ref<SearchTableHandle>;
}

function cleanFilters(values: Record<string, unknown>): Filters {
  const out: Filters = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === 'string' && v.trim() !== '') out[k] = v.trim();
    else if (typeof v === 'number') out[k] = v;
  }
  return out;
}

export function SearchTable<T extends object>({ fetch, columns, rowKey, fields = [], initialFilters = {}, pageSize: initialPageSize = 20, toolbar, tableProps, ref }: SearchTableProps<T>) {
  const [form] = Form.useForm<Record<string, unknown>>();
  const [filters, setFilters] = useState<Filters>(initialFilters);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  const [data, setData] = useState<Paged<T>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;

  useImperativeHandle(ref, () => ({ reload: () => setTick((t) => t + 1) }), []);

  useEffect(() => {
    let live = true; // a slower earlier answer never overwrites a newer one
    setLoading(true);
    setError(null);
    fetchRef
      .current({ ...filters, page, pageSize })
      .then((res) => {
        if (!live) return;
        // The last page emptied (rows removed elsewhere): step back one page.
        if (res.items.length === 0 && res.total > 0 && page > 1) setPage(Math.max(1, Math.ceil(res.total / pageSize)));
        else setData(res);
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
  }, [filters, page, pageSize, tick]);

  const onSearch = useCallback((values: Record<string, unknown>) => {
    setFilters(cleanFilters(values));
    setPage(1);
    setTick((t) => t + 1);
  }, []);

  const onReset = () => {
    form.resetFields();
    onSearch(form.getFieldsValue());
  };

  return (
    <div className="search-table">
      <Flex wrap gap={8} justify="space-between" align="flex-start" style={{ marginBottom: 16 }}>
        {fields.length > 0 ? (
          <Form form={form} layout="inline" initialValues={initialFilters} onFinish={onSearch} style={{ rowGap: 8, flex: '1 1 auto', minWidth: 0 }}>
            {fields.map((f) => (
              <Form.Item key={f.name} name={f.name} label={f.label} style={{ marginInlineEnd: 8, maxWidth: '100%' }}>
                {f.input ??
                  (f.options ? (
                    <Select allowClear placeholder={f.placeholder ?? `请选择${f.label}`} options={f.options} style={{ width: f.width ?? 200, maxWidth: '100%' }} />
                  ) : (
                    <Input allowClear placeholder={f.placeholder ?? `请输入${f.label}`} style={{ width: f.width ?? 200, maxWidth: '100%' }} />
                  ))}
              </Form.Item>
            ))}
            <Form.Item style={{ marginInlineEnd: 0 }}>
              <Flex gap={8}>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                  查询
                </Button>
                <Button onClick={onReset}>重置</Button>
              </Flex>
            </Form.Item>
          </Form>
        ) : (
          <span />
        )}
        <Flex gap={8} wrap>
          {toolbar}
          <Button icon={<ReloadOutlined />} onClick={() => setTick((t) => t + 1)} aria-label="刷新" title="刷新" />
        </Flex>
      </Flex>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Table<T>
        size="middle"
        scroll={{ x: 'max-content' }}
        {...tableProps}
        rowKey={rowKey}
        columns={columns}
        dataSource={data.items}
        loading={loading}
        pagination={{
          current: page,
          pageSize,
          total: data.total,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => `共 ${total} 条`,
          responsive: true,
        }}
        onChange={(p) => {
          if (p.pageSize && p.pageSize !== pageSize) {
            setPageSize(p.pageSize);
            setPage(1);
          } else if (p.current) setPage(p.current);
        }}
      />
    </div>
  );
}
