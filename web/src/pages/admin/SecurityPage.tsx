/**
 * /security — 安全管理 (安全管理员): accounts locked by failed logins (5 failures within
 * 15 minutes, unlocked automatically), live sessions, the latest failed logins, and
 * 强制下线: find an account by username and end all of its sessions (audited).
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Input, Row, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { LogoutOutlined, ReloadOutlined } from '@ant-design/icons';
import { ROLE_LABEL } from '../../../../common/permissions.ts';
import { SecurityAccountQuery } from '../../../../common/schemas/users.ts';
import { errorMessage } from '../../api/client.ts';
import { fetchSecurityOverview, findAccount, forceLogout, type SecurityAccount, type SecurityOverview } from '../../api/users.ts';
import { PageLayout } from '../../components/PageLayout.tsx';
import { UserStatusTag } from './labels.tsx';

type Locked = SecurityOverview['locked'][number];
/** A failed login; `seq` keeps rows apart (several failures may share a second). */
type Failure = SecurityOverview['recentFailures'][number] & { seq: number };

/** 强制下线: look an account up by username, then end its sessions after a confirmation. */
function ForceLogoutCard({ username, onUsername, onDone }: { username: string; onUsername: (u: string) => void; onDone: () => void }) {
  const { modal, message } = App.useApp();
  const [account, setAccount] = useState<SecurityAccount | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const lookup = useCallback(async (name: string) => {
    setAccount(null);
    setError(null);
    const parsed = SecurityAccountQuery.safeParse({ username: name });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '请输入用户名');
      return;
    }
    setBusy(true);
    try {
      setAccount(await findAccount(parsed.data.username));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }, []);

  // A username chosen in one of the tables is looked up at once.
  useEffect(() => {
    if (username) void lookup(username);
  }, [username, lookup]);

  const confirm = (a: SecurityAccount) => {
    modal.confirm({
      title: `强制下线 ${a.username}（${a.displayName}）？`,
      content: '该账号的全部登录会话将立即失效，需要重新登录。此操作记入审计日志。',
      okText: '强制下线',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          const r = await forceLogout(a.id);
          message.success(r.sessions > 0 ? `已强制下线 ${a.username}，结束 ${r.sessions} 个会话` : `${a.username} 当前没有登录会话`);
          await lookup(a.username);
          onDone();
        } catch (err) {
          setError(errorMessage(err));
        }
      },
    });
  };

  return (
    <Card variant="borderless" title="强制下线" data-testid="force-logout">
      <Input.Search
        aria-label="用户名"
        placeholder="输入用户名查找账号"
        enterButton="查找"
        allowClear
        loading={busy}
        style={{ maxWidth: 360 }}
        value={username}
        onChange={(e) => {
          onUsername(e.target.value);
          setAccount(null);
          setError(null);
        }}
        onSearch={(v) => void lookup(v)}
      />
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} data-testid="force-logout-error" /> : null}
      {account ? (
        <>
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginTop: 16 }} data-testid="account">
            <Descriptions.Item label="用户名">{account.username}</Descriptions.Item>
            <Descriptions.Item label="姓名">{account.displayName}</Descriptions.Item>
            <Descriptions.Item label="角色">{ROLE_LABEL[account.role]}</Descriptions.Item>
            <Descriptions.Item label="所属区划">{account.regionName ?? account.regionCode}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <UserStatusTag status={account.status} />
            </Descriptions.Item>
            <Descriptions.Item label="在线会话">{account.sessions}</Descriptions.Item>
          </Descriptions>
          <Button danger icon={<LogoutOutlined />} onClick={() => confirm(account)} style={{ marginTop: 8 }}>
            强制下线
          </Button>
        </>
      ) : null}
    </Card>
  );
}

export default function SecurityPage() {
  const [data, setData] = useState<SecurityOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [username, setUsername] = useState('');

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setData(await fetchSecurityOverview());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const pick = (name: string) => (
    <Button type="link" size="small" onClick={() => setUsername(name)}>
      查找账号
    </Button>
  );

  const lockedColumns: TableColumnsType<Locked> = [
    { title: '用户名', dataIndex: 'username', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: '失败次数', dataIndex: 'failures', width: 100 },
    { title: '最近失败时间', dataIndex: 'lastFailureAt', width: 180 },
    { title: '操作', key: 'op', width: 110, render: (_: unknown, r) => pick(r.username) },
  ];
  const failureColumns: TableColumnsType<Failure> = [
    { title: '时间', dataIndex: 'at', width: 180 },
    { title: '用户名', dataIndex: 'username', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: 'IP 地址', dataIndex: 'ip', width: 150, render: (v: string | null) => v ?? '—' },
    { title: '操作', key: 'op', width: 110, render: (_: unknown, r) => pick(r.username) },
  ];

  return (
    <PageLayout
      title="安全管理"
      subTitle="连续 5 次登录失败锁定 15 分钟，到期自动解锁"
      card={false}
      extra={
        <Button icon={<ReloadOutlined />} loading={loading} onClick={() => void load()}>
          刷新
        </Button>
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[16, 16]} data-testid="security-cards">
        <Col xs={24} sm={12} lg={8}>
          <Card variant="borderless" data-testid="locked-count">
            <Statistic title="当前锁定账号" value={data?.locked.length ?? '—'} suffix={data ? '个' : undefined} loading={loading && !data} />
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={8}>
          <Card variant="borderless" data-testid="session-count">
            <Statistic title="在线会话数" value={data?.activeSessions ?? '—'} suffix={data ? '个' : undefined} loading={loading && !data} />
          </Card>
        </Col>
        <Col xs={24} sm={24} lg={8}>
          <Card variant="borderless">
            <Statistic title="最近登录失败（至多显示 50 条）" value={data?.recentFailures.length ?? '—'} suffix={data ? '条' : undefined} loading={loading && !data} />
          </Card>
        </Col>
        <Col span={24}>
          <ForceLogoutCard username={username} onUsername={setUsername} onDone={() => void load()} />
        </Col>
        <Col xs={24} xxl={12}>
          <Card variant="borderless" title="当前锁定账号" data-testid="locked-table">
            <Table<Locked>
              size="small"
              rowKey="username"
              columns={lockedColumns}
              dataSource={data?.locked ?? []}
              loading={loading}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="当前没有被锁定的账号" /> }}
            />
          </Card>
        </Col>
        <Col xs={24} xxl={12}>
          <Card variant="borderless" title="最近登录失败" data-testid="failures-table">
            <Table<Failure>
              size="small"
              rowKey="seq"
              columns={failureColumns}
              dataSource={(data?.recentFailures ?? []).map((f, seq) => ({ ...f, seq }))}
              loading={loading}
              pagination={{ pageSize: 10, showTotal: (t) => `共 ${t} 条`, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无登录失败记录" /> }}
            />
          </Card>
        </Col>
      </Row>
    </PageLayout>
  );
}
