/**
 * /sign-in — a trainee signs in to today's session on their phone: by opening the link in the
 * classroom QR code (`/sign-in?session=ID&code=CODE` signs in at once), by scanning with the
 * camera where the browser can read QR codes, or by typing the session number and code.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Form, Input, InputNumber, Result, Space, Typography } from 'antd';
import { CameraOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { errorMessage } from '../../api/client.ts';
import { signInWithQr } from '../../api/training.ts';
import { PageLayout } from '../../components/PageLayout.tsx';

interface Values {
  sessionId: number;
  code: string;
}

/** Reads session and code from a scanned sign-in link (null when it is not one). */
export function parseSignInLink(text: string): Values | null {
  try {
    const u = new URL(text, window.location.origin);
    const sessionId = Number(u.searchParams.get('session'));
    const code = u.searchParams.get('code');
    return Number.isInteger(sessionId) && sessionId > 0 && code ? { sessionId, code } : null;
  } catch {
    return null;
  }
}

// The Shape Detection API (Chrome on Android and others); not in TypeScript's DOM library.
interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorCtor = new (opts: { formats: string[] }) => BarcodeDetectorLike;
const barcodeDetector = (): BarcodeDetectorCtor | null => (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector ?? null;

/** Camera scanning where the browser can decode QR codes itself. */
function Scanner({ onResult, onClose }: { onResult: (v: Values) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const Detector = barcodeDetector();
    if (!Detector) return;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let live = true;
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        if (!live || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        const detector = new Detector({ formats: ['qr_code'] });
        timer = setInterval(() => {
          if (!video.current) return;
          detector
            .detect(video.current)
            .then((codes) => {
              for (const c of codes) {
                const v = parseSignInLink(c.rawValue);
                if (v && live) {
                  live = false;
                  onResult(v);
                }
              }
            })
            .catch(() => undefined);
        }, 300);
      } catch {
        setError('无法打开摄像头：请允许浏览器使用摄像头，或直接输入签到码');
      }
    })();
    return () => {
      live = false;
      if (timer) clearInterval(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [onResult]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error ? <Alert type="error" showIcon title={error} /> : null}
      <video ref={video} muted playsInline style={{ width: '100%', maxHeight: '60vh', background: '#000', borderRadius: 4 }} />
      <Button block size="large" onClick={onClose}>
        取消扫码
      </Button>
    </Space>
  );
}

export default function SignInPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ at: string } | null>(null);
  const [scanning, setScanning] = useState(false);
  const tried = useRef(false);

  const submit = useCallback(async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await signInWithQr(v.sessionId, v.code.trim().toUpperCase());
      setDone({ at: new Date().toLocaleTimeString('zh-CN', { hour12: false }) });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }, []);

  // A scanned link signs in directly, once.
  useEffect(() => {
    if (tried.current) return;
    const v = parseSignInLink(`/sign-in?${params.toString()}`);
    if (!v) return;
    tried.current = true;
    form.setFieldsValue(v);
    void submit(v);
    setParams({}, { replace: true }); // a reload must not replay the code
  }, [params, setParams, form, submit]);

  const onScanned = useCallback(
    (v: Values) => {
      setScanning(false);
      form.setFieldsValue(v);
      void submit(v);
    },
    [form, submit],
  );

  if (done) {
    return (
      <PageLayout title="课堂签到">
        <Result
          status="success"
          icon={<CheckCircleOutlined />}
          title="签到成功"
          subTitle={`签到时间 ${done.at}，请认真听课。`}
          extra={[
            <Button key="me" type="primary" size="large" onClick={() => void navigate('/me')}>
              返回我的培训
            </Button>,
            <Button key="again" size="large" onClick={() => setDone(null)}>
              继续签到
            </Button>,
          ]}
        />
      </PageLayout>
    );
  }

  return (
    <PageLayout title="课堂签到">
      <div style={{ maxWidth: 480, margin: '0 auto' }}>
        <Typography.Paragraph type="secondary">用手机相机扫描课堂大屏上的二维码即可签到；也可以输入大屏上的课次编号和签到码。签到码每 30 秒更换，请以大屏当前显示为准。</Typography.Paragraph>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="sign-in-error" /> : null}
        {scanning ? (
          <Scanner onResult={onScanned} onClose={() => setScanning(false)} />
        ) : (
          <Form form={form} layout="vertical" size="large" onFinish={(v) => void submit(v)}>
            <Form.Item name="sessionId" label="课次编号" rules={[{ required: true, message: '请输入课次编号' }]}>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} inputMode="numeric" placeholder="大屏上显示的课次编号" />
            </Form.Item>
            <Form.Item
              name="code"
              label="签到码"
              normalize={(v: string) => v.toUpperCase()}
              rules={[
                { required: true, whitespace: true, message: '请输入签到码' },
                { min: 4, max: 20, message: '签到码长度不正确' },
              ]}
            >
              <Input maxLength={20} autoComplete="off" autoCapitalize="characters" style={{ letterSpacing: '0.2em', fontFamily: 'Menlo, Consolas, monospace' }} placeholder="8 位字母数字" />
            </Form.Item>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Button type="primary" htmlType="submit" block loading={busy}>
                签到
              </Button>
              {barcodeDetector() ? (
                <Button block icon={<CameraOutlined />} onClick={() => setScanning(true)}>
                  打开摄像头扫码
                </Button>
              ) : null}
            </Space>
          </Form>
        )}
      </div>
    </PageLayout>
  );
}
