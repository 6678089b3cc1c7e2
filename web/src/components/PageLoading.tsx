/** Spinner while a page chunk or its data loads. */
import { Spin } from 'antd';

export function PageLoading({ fullscreen = false }: { fullscreen?: boolean }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', minHeight: fullscreen ? '100vh' : 240 }}>
      <Spin size="large" description="正在加载…" />
    </div>
  );
}
