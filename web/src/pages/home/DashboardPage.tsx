/** / — the home dashboard: the server's cards for the user's role and scope (GET /api/v1/dashboard). */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Statistic } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { fetchDashboard, type Dashboard } from '../../api/platform.ts';
import { errorMessage } from '../../api/client.ts';
import { PageLayout } from '../../components/PageLayout.tsx';

export default function DashboardPage() {
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback((signal?: AbortSignal) => {
    setLoading(true);
    setError(null);
    fetchDashboard(signal)
      .then((d) => setData(d))
      .catch((err: unknown) => {
        if (!signal?.aborted) setError(errorMessage(err));
      })
      .finally(() => {
        if (!signal?.aborted) setLoading(false);
      });
  }, []);

  useEffect(() => {
    const ctl = new AbortController();
    load(ctl.signal);
    return () => ctl.abort();
  }, [load]);

  return (
    <PageLayout
      title={data?.title ?? '工作台'}
      subTitle={data?.scopeName ?? undefined}
      card={false}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => load()} loading={loading && data !== null}>
          刷新
        </Button>
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      {data === null && loading ? (
        <Card variant="borderless">
          <Skeleton active />
        </Card>
      ) : data && data.cards.length > 0 ? (
        <Row gutter={[16, 16]} data-testid="dashboard-cards">
          {data.cards.map((c) => (
            <Col key={c.key} xs={24} sm={12} lg={8} xl={6}>
              <Card variant="borderless" data-card={c.key}>
                <Statistic title={c.label} value={c.value} suffix={c.unit} groupSeparator="," />
              </Card>
            </Col>
          ))}
        </Row>
      ) : data ? (
        <Card variant="borderless">
          <Empty description="暂无统计数据" />
        </Card>
      ) : null}
    </PageLayout>
  );
}
