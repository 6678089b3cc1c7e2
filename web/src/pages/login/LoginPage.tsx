/**
 * /login: username + password (validated with the shared LoginInput schema), the server's
 * Chinese error message, and — only in demo mode (GET /api/v1/demo) — the demo accounts.
 */
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { LoginInput } from '../../../../common/schemas/auth.ts';
import { fetchDemo, type DemoInfo } from '../../api/platform.ts';
import { errorMessage } from '../../api/client.ts';
import { useAuth } from '../../auth/AuthContext.tsx';
import { zodRule } from '../../lib/zodRule.ts';
import { BRAND, PLATFORM_TITLE } from '../../theme.ts';

const DEMO_PASSWORD = 'jineng-demo';

/** The accounts of contracts.md §5, used when the server's demo answer carries no list. */
const DEMO_FALLBACK: { username: string; label: string }[] = [
  { username: 'admin', label: '系统管理员' },
  { username: 'demo-city', label: '昭通市人社局' },
  { username: 'demo-zhenxiong', label: '镇雄县人社局' },
  { username: 'demo-ludian', label: '鲁甸县人社局' },
  { username: 'demo-fupin', label: '镇雄县乡村振兴局' },
  { username: 'demo-school', label: '技工院校' },
  { username: 'demo-institution', label: '培训机构' },
  { username: 'demo-enterprise', label: '企业' },
  { username: 'demo-trainee', label: '学员' },
  { username: 'demo-village', label: '村干部' },
  { username: 'demo-reviewer', label: '第三方机构' },
  { username: 'demo-audit', label: '审计管理员' },
  { username: 'demo-security', label: '安全管理员' },
];

/** Only same-site paths are followed after login (no open redirect). */
function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

export default function LoginPage() {
  const { state, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [form] = Form.useForm<LoginInput>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [demo, setDemo] = useState<DemoInfo | null>(null);

  useEffect(() => {
    document.title = `登录 - ${PLATFORM_TITLE}`;
    let live = true;
    void fetchDemo().then((d) => {
      if (live) setDemo(d);
    });
    return () => {
      live = false;
    };
  }, []);

  if (state.status === 'signed-in' && !submitting) return <Navigate to={next} replace />;

  const onFinish = async (values: LoginInput) => {
    const parsed = LoginInput.safeParse(values);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '请检查输入');
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await login(parsed.data);
      void navigate(next, { replace: true });
    } catch (err) {
      setError(errorMessage(err));
      form.setFieldValue('password', '');
    } finally {
      setSubmitting(false);
    }
  };

  const fill = (username: string) => {
    form.setFieldsValue({ username, password: demo?.password ?? DEMO_PASSWORD });
    setError(null);
  };

  const accounts = demo?.accounts && demo.accounts.length > 0 ? demo.accounts : DEMO_FALLBACK;

  return (
    <div
      style={{
        minHeight: '100vh',
        boxSizing: 'border-box',
        padding: '48px 12px 24px',
        background: `linear-gradient(180deg, ${BRAND.header} 0, ${BRAND.header} 240px, ${BRAND.bodyBg} 240px)`,
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        gap: 16,
      }}
    >
      <div style={{ textAlign: 'center', color: '#fff', maxWidth: 420 }}>
        <img src="/favicon.svg" alt="" width={48} height={48} />
        <Typography.Title level={3} style={{ color: '#fff', margin: '12px 0 4px', fontSize: 22 }}>
          {PLATFORM_TITLE}
        </Typography.Title>
        <div style={{ color: 'rgba(255,255,255,0.75)' }}>技能脱贫 · 职业技能提升 · 实名制管理</div>
      </div>

      <Card style={{ width: '100%', maxWidth: 400 }} title="用户登录">
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" /> : null}
        <Form<LoginInput> form={form} layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false} autoComplete="on">
          <Form.Item label="用户名" name="username" rules={[zodRule(LoginInput.shape.username)]} validateTrigger="onBlur">
            <Input prefix={<UserOutlined />} placeholder="请输入用户名" autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[zodRule(LoginInput.shape.password)]} validateTrigger="onBlur">
            <Input.Password prefix={<LockOutlined />} placeholder="请输入密码" autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            登 录
          </Button>
        </Form>
      </Card>

      {demo ? (
        <Alert
          type="info"
          showIcon
          data-testid="demo-banner"
          style={{ width: '100%', maxWidth: 400, boxSizing: 'border-box' }}
          title="演示模式"
          description={
            <div>
              <div style={{ marginBottom: 8 }}>
                以下演示账号的密码均为 <Typography.Text code>{demo.password ?? DEMO_PASSWORD}</Typography.Text>，点击账号即可填入：
              </div>
              <ul style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: 4 }}>
                {accounts.map((a) => (
                  <li key={a.username} style={{ minWidth: 0 }}>
                    <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => fill(a.username)} data-username={a.username}>
                      {a.username}
                    </Button>
                    <Typography.Text type="secondary" style={{ marginInlineStart: 8, wordBreak: 'break-all' }}>
                      {a.label}
                    </Typography.Text>
                  </li>
                ))}
              </ul>
            </div>
          }
        />
      ) : null}

      <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
        本平台数据涉及个人信息，仅限授权人员使用；所有操作均记录审计日志。
      </Typography.Text>
    </div>
  );
}
