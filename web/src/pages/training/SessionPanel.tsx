/**
 * 课次与签到 of a class: open the session of a date (the server keeps one per class and day),
 * show its rotating sign-in code full screen (large text + QR of the sign-in link, refreshed
 * every few seconds), and the teacher's roll call for trainees who cannot scan.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Flex, Form, Input, Space, Table, Typography, type TableColumnsType } from 'antd';
import { CloseOutlined, FullscreenOutlined, QrcodeOutlined, TeamOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { errorMessage } from '../../api/client.ts';
import { fetchQr, openSession, rollCall, type Qr, type RosterItem, type TrainingClass } from '../../api/training.ts';
import { QrCode } from '../../components/QrCode.tsx';
import { todayCst } from '../registry/options.ts';

/** How often the screen asks for the current code (codes change every 30 s). */
const QR_REFRESH_MS = 3000;

export interface OpenSession {
  id: number;
  date: string;
  title?: string;
}

/** The sign-in link a trainee's phone opens (what the QR code holds). */
export function signInLink(sessionId: number, code: string, origin = window.location.origin): string {
  return `${origin}/sign-in?session=${sessionId}&code=${encodeURIComponent(code)}`;
}

/** Full-screen sign-in view for the classroom projector. */
export function QrScreen({ session, className, onClose }: { session: OpenSession; className: string; onClose: () => void }) {
  const [qr, setQr] = useState<Qr | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [left, setLeft] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ctrl = new AbortController();
    const load = async () => {
      try {
        const q = await fetchQr(session.id, ctrl.signal);
        if (!live) return;
        setQr(q);
        setLeft(q.expiresInSeconds);
        setError(null);
        // Ask again soon, and right after the code changes.
        timer = setTimeout(() => void load(), Math.min(QR_REFRESH_MS, q.expiresInSeconds * 1000 + 200));
      } catch (err) {
        if (!live || (err instanceof DOMException && err.name === 'AbortError')) return;
        setError(errorMessage(err));
        timer = setTimeout(() => void load(), QR_REFRESH_MS * 2);
      }
    };
    void load();
    return () => {
      live = false;
      ctrl.abort();
      if (timer) clearTimeout(timer);
    };
  }, [session.id]);

  // The countdown between two answers.
  useEffect(() => {
    const t = setInterval(() => setLeft((l) => (l === null ? null : Math.max(0, l - 1))), 1000);
    return () => clearInterval(t);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const link = qr ? signInLink(session.id, qr.code) : null;
  return (
    <div
      role="dialog"
      aria-label="签到码"
      data-testid="qr-screen"
      style={{ position: 'fixed', inset: 0, zIndex: 1100, background: '#fff', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', padding: 16, overflow: 'auto' }}
    >
      <Flex gap={8} style={{ position: 'absolute', top: 12, right: 12 }}>
        <Button icon={<FullscreenOutlined />} onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}>
          全屏
        </Button>
        <Button icon={<CloseOutlined />} onClick={onClose}>
          关闭
        </Button>
      </Flex>
      <Typography.Title level={3} style={{ marginTop: 0, textAlign: 'center' }}>
        {className}
      </Typography.Title>
      <Typography.Text type="secondary" style={{ fontSize: 18 }}>
        {session.date}
        {session.title ? ` · ${session.title}` : ''} · 请用手机扫码或在“签到”页输入签到码
      </Typography.Text>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 24, maxWidth: 640 }} /> : null}
      {qr && link ? (
        <>
          <div style={{ width: 'min(60vh, 80vw)', margin: '24px 0 8px' }}>
            <QrCode value={link} size="100%" title="签到二维码" />
          </div>
          <div data-testid="qr-text" style={{ fontSize: 'clamp(40px, 9vw, 96px)', fontWeight: 700, letterSpacing: '0.15em', fontFamily: 'Menlo, Consolas, monospace' }}>
            {qr.code}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 16 }}>
            课次编号 <Typography.Text strong style={{ fontSize: 16 }} data-testid="qr-session">{session.id}</Typography.Text> · 签到码每 30 秒更换，当前签到码 {left ?? qr.expiresInSeconds} 秒后失效
          </Typography.Text>
          <Typography.Link href={link} data-testid="qr-link" style={{ marginTop: 8, wordBreak: 'break-all', textAlign: 'center' }}>
            {link}
          </Typography.Link>
        </>
      ) : !error ? (
        <Typography.Text style={{ marginTop: 24 }}>正在获取签到码…</Typography.Text>
      ) : null}
    </div>
  );
}

function RollCall({ session, roster, onDone }: { session: OpenSession; roster: RosterItem[]; onDone: () => void }) {
  const { message } = App.useApp();
  const [selected, setSelected] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const active = roster.filter((r) => r.status !== 'dropped');
  const columns: TableColumnsType<RosterItem> = [
    { title: '姓名', dataIndex: 'name' },
    { title: '身份证号', dataIndex: 'idNumber', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: '已出勤天数', dataIndex: 'daysAttended' },
  ];
  const submit = async () => {
    setBusy(true);
    try {
      const r = await rollCall(session.id, selected);
      message.success(r.recorded > 0 ? `已点名签到 ${r.recorded} 人` : '所选学员已签到，无需重复点名');
      setSelected([]);
      onDone();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">为无法扫码的学员点名签到（记录点名人和时间，计入审计日志）。</Typography.Text>
      <Table<RosterItem>
        rowKey="traineeId"
        size="small"
        columns={columns}
        dataSource={active}
        pagination={false}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(Number)) }}
        scroll={{ x: 'max-content' }}
      />
      <Button type="primary" icon={<TeamOutlined />} disabled={selected.length === 0} loading={busy} onClick={() => void submit()}>
        点名签到（{selected.length} 人）
      </Button>
    </Space>
  );
}

export function SessionPanel({ cls, roster, onChanged }: { cls: TrainingClass; roster: RosterItem[]; onChanged: () => void }) {
  const [form] = Form.useForm<{ date: Dayjs; title?: string }>();
  const [session, setSession] = useState<OpenSession | null>(null);
  const [screen, setScreen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const today = todayCst();
  const closeScreen = useCallback(() => setScreen(false), []);

  const open = async (show: boolean) => {
    const v = await form.validateFields();
    const date = v.date.format('YYYY-MM-DD');
    setBusy(true);
    setError(null);
    try {
      const r = await openSession(cls.id, date, v.title?.trim());
      setSession({ id: r.id, date, title: v.title?.trim() || undefined });
      if (show) setScreen(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (cls.status !== 'approved') return <Alert type="info" showIcon title="班级审核通过后才能安排课次和签到。" />;
  const inClass = today >= cls.startDate && today <= cls.endDate;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        title="每个上课日一个课次：选择日期打开课次（同一日期再次打开即为同一课次）。签到码只在上课当天出示，每 30 秒更换，学员用本人账号扫码签到。"
      />
      {error ? <Alert type="error" showIcon title={error} /> : null}
      <Form form={form} layout="inline" initialValues={{ date: dayjs(inClass ? today : cls.startDate) }} style={{ rowGap: 8 }}>
        <Form.Item name="date" label="上课日期" rules={[{ required: true, message: '请选择上课日期' }]}>
          <DatePicker format="YYYY-MM-DD" disabledDate={(d) => d.format('YYYY-MM-DD') < cls.startDate || d.format('YYYY-MM-DD') > cls.endDate} />
        </Form.Item>
        <Form.Item name="title" label="课次名称">
          <Input maxLength={100} placeholder="可选，如：安全用电理论" style={{ width: 220 }} />
        </Form.Item>
        <Form.Item>
          <Space wrap>
            <Button type="primary" icon={<QrcodeOutlined />} loading={busy} onClick={() => void open(true).catch(() => undefined)}>
              打开课次并出示签到码
            </Button>
            <Button loading={busy} onClick={() => void open(false).catch(() => undefined)}>
              仅打开课次（点名）
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {session ? (
        <Card size="small" title={`当前课次：${session.date}${session.title ? ` · ${session.title}` : ''}`} extra={<Button icon={<QrcodeOutlined />} onClick={() => setScreen(true)}>出示签到码</Button>}>
          <Descriptions size="small" column={1} items={[{ key: 'id', label: '课次编号', children: session.id }]} style={{ marginBottom: 12 }} />
          <RollCall session={session} roster={roster} onDone={onChanged} />
        </Card>
      ) : null}
      {screen && session ? <QrScreen session={session} className={cls.name} onClose={closeScreen} /> : null}
    </Space>
  );
}
