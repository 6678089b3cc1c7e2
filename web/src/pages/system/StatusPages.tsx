/** 403, 404, "功能建设中" and server-error pages (one lazily loaded chunk). */
import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { PageLayout } from '../../components/PageLayout.tsx';

function HomeButton() {
  const navigate = useNavigate();
  return (
    <Button type="primary" onClick={() => void navigate('/')}>
      返回首页
    </Button>
  );
}

export function ForbiddenPage() {
  return <Result status="403" title="403" subTitle="抱歉，您无权访问此页面。如需开通，请联系本单位系统管理员。" extra={<HomeButton />} />;
}

export function NotFoundPage() {
  return <Result status="404" title="404" subTitle="页面不存在：请检查地址是否正确，或从左侧菜单进入。" extra={<HomeButton />} />;
}

/** A menu entry whose page is not built yet. */
export function PlaceholderPage({ label }: { label: string }) {
  return (
    <PageLayout title={label}>
      <Result status="info" title="功能建设中" subTitle={`「${label}」功能正在建设中，敬请期待。`} extra={<HomeButton />} />
    </PageLayout>
  );
}

/** The session could not be checked (server down, network). */
export function ServerErrorPage({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <Result
      status="warning"
      title="无法连接服务器"
      subTitle={message}
      extra={
        <Button type="primary" onClick={onRetry}>
          重试
        </Button>
      }
    />
  );
}
