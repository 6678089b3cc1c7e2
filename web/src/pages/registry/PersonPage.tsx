/**
 * /registry/:id — one person: 基本信息 (masked ID; audited reveal with a reason; edit with
 * optimistic locking), 家庭成员, 帮扶状态, 培训/就读/补贴记录, 变更记录 (timeline).
 */
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Descriptions, Empty, Form, Input, Modal, Result, Skeleton, Space, Tabs, Tag, Timeline, Typography } from 'antd';
import { EditOutlined, EyeOutlined, ReloadOutlined } from '@ant-design/icons';
import { ApiError, errorMessage } from '../../api/client.ts';
import { editPerson, fetchChanges, fetchHousehold, fetchPerson, revealIdNumber, type ChangeItem, type Household, type PersonDetail, type PersonPatch } from '../../api/registry.ts';
import { useCan, useMe } from '../../auth/AuthContext.tsx';
import { PageLayout } from '../../components/PageLayout.tsx';
import { PersonFields, toPersonInput, type PersonFormValues } from './PersonFields.tsx';
import { PovertyTag } from './PovertyTag.tsx';
import { HouseholdMembers } from './HouseholdMembers.tsx';
import { ageOn, CHANGE_SOURCE_LABEL, todayCst } from './options.ts';

const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? <Typography.Text type="secondary">—</Typography.Text> : v);

/** Form values of a stored person (the edit form starts from these). */
function formValuesOf(p: PersonDetail): PersonFormValues {
  const v = (x: string | null) => x ?? undefined;
  return {
    name: p.name,
    gender: p.gender,
    nationality: p.nationality,
    idNumber: p.idNumber,
    phone: undefined, // stored phones come masked: left empty, an empty field keeps the number
    address: p.address,
    regionCode: p.regionCode.length >= 6 ? p.regionCode : undefined,
    povertyCardNo: v(p.povertyCardNo),
    householdNo: v(p.householdNo),
    relationToHead: v(p.relationToHead),
    education: v(p.education),
    employmentStatus: v(p.employmentStatus),
    trainingWish: v(p.trainingWish),
    studyWish: v(p.studyWish),
    labourAbility: v(p.labourAbility),
    schoolWish: v(p.schoolWish),
    remark: v(p.remark),
  };
}

function RevealDialog({ personId, open, onClose, onRevealed }: { personId: number; open: boolean; onClose: () => void; onRevealed: (id: string) => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const r = await revealIdNumber(personId, reason.trim());
      onRevealed(r.idNumber);
      form.resetFields();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="查看完整身份证号" open={open} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} okText="查看" cancelText="取消" confirmLoading={busy} destroyOnHidden>
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="每次查看完整身份证号都会连同事由记入审计日志，且每人每日查看次数有限。" />
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="reason" label="查看事由" rules={[{ required: true, whitespace: true, message: '请填写查看事由' }, { max: 200, message: '事由最多 200 个字' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} placeholder="如：核对补贴发放信息" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditDialog({ person, open, regionRoot, onClose, onSaved, onReload }: { person: PersonDetail; open: boolean; regionRoot: string; onClose: () => void; onSaved: () => void; onReload: () => Promise<PersonDetail | null> }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<PersonFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; conflict: boolean } | null>(null);

  useEffect(() => {
    if (open) form.setFieldsValue(formValuesOf(person));
  }, [open, person, form]);

  const submit = async () => {
    const values = await form.validateFields();
    const before = formValuesOf(person);
    const patch: Record<string, string | null> = {};
    const input = toPersonInput(values, true) as Record<string, string | null>;
    for (const [k, v] of Object.entries(input)) {
      if (k === 'idNumber') continue;
      if (k === 'phone' && v === null) continue; // empty phone box = keep the stored number
      const prev = (before as Record<string, string | undefined>)[k] ?? null;
      if (v !== prev) patch[k] = v;
    }
    if (Object.keys(patch).length === 0) {
      message.info('没有修改任何内容');
      onClose();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await editPerson(person.id, { ...patch, version: person.version } as PersonPatch);
      message.success('已保存修改');
      onSaved();
    } catch (err) {
      setError({ message: errorMessage(err), conflict: err instanceof ApiError && err.status === 409 });
    } finally {
      setBusy(false);
    }
  };

  const refresh = async () => {
    const fresh = await onReload();
    if (fresh) form.setFieldsValue(formValuesOf(fresh));
    setError(null);
  };

  return (
    <Modal title={`编辑：${person.name}`} open={open} width={760} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} okText="保存" cancelText="取消" confirmLoading={busy} destroyOnHidden>
      {error ? (
        <Alert
          type={error.conflict ? 'warning' : 'error'}
          showIcon
          title={error.message}
          style={{ marginBottom: 16 }}
          action={
            error.conflict ? (
              <Button size="small" icon={<ReloadOutlined />} onClick={() => void refresh()}>
                刷新
              </Button>
            ) : undefined
          }
        />
      ) : null}
      <Form form={form} layout="vertical">
        <PersonFields form={form} mode="edit" regionRoot={regionRoot} />
        <Typography.Text type="secondary">联系电话以脱敏形式保存显示；留空表示不修改，填写新号码即替换。</Typography.Text>
      </Form>
    </Modal>
  );
}

function HouseholdTab({ householdId }: { householdId: number | null }) {
  const [data, setData] = useState<Household | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (householdId === null) return;
    let live = true;
    fetchHousehold(householdId)
      .then((h) => live && setData(h))
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [householdId]);
  if (householdId === null) return <Empty description="未登记户编号，暂无家庭成员信息" />;
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!data) return <Skeleton active />;
  return <HouseholdMembers household={data} />;
}

function formatValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function ChangesTab({ items, error }: { items: ChangeItem[] | null; error: string | null }) {
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!items) return <Skeleton active />;
  if (items.length === 0) return <Empty description="暂无变更记录" />;
  return (
    <Timeline
      data-testid="change-log"
      items={items.map((c) => ({
        key: `${c.at}-${c.source}-${c.changes.map((x) => x.field).join(',')}`,
        content: (
          <div>
            <Space wrap size={8}>
              <Typography.Text strong>{c.at}</Typography.Text>
              <Tag>{CHANGE_SOURCE_LABEL[c.source] ?? c.source}</Tag>
              <Typography.Text type="secondary">{c.actorName ?? '系统'}</Typography.Text>
            </Space>
            <ul style={{ margin: '6px 0 0', paddingInlineStart: 20 }}>
              {c.changes.map((x) =>
                x.field === 'created' ? (
                  <li key={x.field}>新建人员记录：{formatValue(x.to)}</li>
                ) : (
                  <li key={x.field}>
                    <Typography.Text strong>{x.label}</Typography.Text>：{formatValue(x.from)} → {formatValue(x.to)}
                  </li>
                ),
              )}
            </ul>
          </div>
        ),
      }))}
    />
  );
}

function NotYet({ what, when }: { what: string; when: string }) {
  return <Empty description={`暂无${what}。${when}`} />;
}

export default function PersonPage() {
  const me = useMe();
  const params = useParams();
  const id = Number(params.id);
  const canReveal = useCan('registry.reveal_id');
  const canWrite = useCan('registry.write');
  const [person, setPerson] = useState<PersonDetail | null>(null);
  const [loadError, setLoadError] = useState<ApiError | Error | null>(null);
  const [fullId, setFullId] = useState<string | null>(null);
  const [revealOpen, setRevealOpen] = useState(false);
  const [editOpen, setEditOpen] = useState(false);
  const [changes, setChanges] = useState<ChangeItem[] | null>(null);
  const [changesError, setChangesError] = useState<string | null>(null);
  const [tab, setTab] = useState('basic');

  const loadPerson = useCallback(async (): Promise<PersonDetail | null> => {
    try {
      const p = await fetchPerson(id);
      setPerson(p);
      setLoadError(null);
      return p;
    } catch (err) {
      setLoadError(err instanceof Error ? err : new Error(errorMessage(err)));
      return null;
    }
  }, [id]);

  const loadChanges = useCallback(async () => {
    try {
      setChanges((await fetchChanges(id)).items);
      setChangesError(null);
    } catch (err) {
      setChangesError(errorMessage(err));
    }
  }, [id]);

  useEffect(() => {
    if (!Number.isInteger(id) || id <= 0) return;
    void loadPerson();
    void loadChanges();
  }, [id, loadPerson, loadChanges]);

  if (!Number.isInteger(id) || id <= 0 || (loadError instanceof ApiError && loadError.status === 404)) {
    return <Result status="404" title="人员不存在或无权访问" subTitle="该人员不在您的管辖范围内，或记录已不存在。" extra={<Link to="/registry">返回实名台账</Link>} />;
  }
  if (loadError && !person) return <Alert type="error" showIcon title={errorMessage(loadError)} />;
  if (!person) return <Skeleton active />;

  const today = todayCst();
  const basic = (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {fullId ? <Alert type="info" showIcon title="完整身份证号已显示，本次查看已记入审计日志。离开本页后恢复脱敏显示。" /> : null}
      <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2, lg: 3 }}>
        <Descriptions.Item label="姓名">{person.name}</Descriptions.Item>
        <Descriptions.Item label="身份证号">
          <Space wrap>
            <Typography.Text code data-testid="id-number">
              {fullId ?? person.idNumber}
            </Typography.Text>
            {canReveal && !fullId ? (
              <Button size="small" icon={<EyeOutlined />} onClick={() => setRevealOpen(true)}>
                查看完整身份证号
              </Button>
            ) : null}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="性别">{person.gender}</Descriptions.Item>
        <Descriptions.Item label="出生日期">
          {person.birthDate}（{ageOn(person.birthDate, today) ?? '—'} 岁）
        </Descriptions.Item>
        <Descriptions.Item label="民族">{person.nationality}</Descriptions.Item>
        <Descriptions.Item label="联系电话">{dash(person.phone)}</Descriptions.Item>
        <Descriptions.Item label="所在地区">
          {person.regionName ?? person.regionCode}（{person.regionCode}）
        </Descriptions.Item>
        <Descriptions.Item label="家庭住址" span={2}>
          {person.address}
        </Descriptions.Item>
        <Descriptions.Item label="户编号">{person.householdId && person.householdNo ? <Link to={`/households/${person.householdId}`}>{person.householdNo}</Link> : dash(person.householdNo)}</Descriptions.Item>
        <Descriptions.Item label="与户主关系">{dash(person.relationToHead)}</Descriptions.Item>
        <Descriptions.Item label="扶贫卡编号">{dash(person.povertyCardNo)}</Descriptions.Item>
        <Descriptions.Item label="帮扶状态">
          <PovertyTag status={person.povertyStatus} />
        </Descriptions.Item>
        <Descriptions.Item label="文化程度">{dash(person.education)}</Descriptions.Item>
        <Descriptions.Item label="劳动能力">{dash(person.labourAbility)}</Descriptions.Item>
        <Descriptions.Item label="就业状态">{dash(person.employmentStatus)}</Descriptions.Item>
        <Descriptions.Item label="培训意愿">{dash(person.trainingWish)}</Descriptions.Item>
        <Descriptions.Item label="就读意愿">{dash(person.studyWish)}</Descriptions.Item>
        <Descriptions.Item label="拟就读技工院校">{dash(person.schoolWish)}</Descriptions.Item>
        <Descriptions.Item label="备注">{dash(person.remark)}</Descriptions.Item>
        <Descriptions.Item label="登记时间">{person.createdAt}</Descriptions.Item>
        <Descriptions.Item label="最近修改">
          {person.updatedAt}（第 {person.version} 版）
        </Descriptions.Item>
      </Descriptions>
    </Space>
  );

  const poverty = (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label="当前帮扶状态">
          <PovertyTag status={person.povertyStatus} />
        </Descriptions.Item>
        <Descriptions.Item label="扶贫卡编号">{dash(person.povertyCardNo)}</Descriptions.Item>
      </Descriptions>
      <Alert
        type="info"
        showIcon
        title="帮扶状态来自与建档立卡贫困人口信息系统的精准比对"
        description="状态的认定依据与历次变化将在精准比对功能记录后显示在此处和“变更记录”中；台账人工编辑不能修改帮扶状态。"
      />
    </Space>
  );

  return (
    <PageLayout
      title={person.name}
      subTitle={
        <Space size={8} wrap>
          <span>{person.idNumber}</span>
          <PovertyTag status={person.povertyStatus} />
        </Space>
      }
      documentTitle={`人员详情：${person.name}`}
      extra={
        canWrite ? (
          <Button type="primary" icon={<EditOutlined />} onClick={() => setEditOpen(true)}>
            编辑
          </Button>
        ) : undefined
      }
    >
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'basic', label: '基本信息', children: basic },
          { key: 'household', label: '家庭成员', children: <HouseholdTab householdId={person.householdId} /> },
          { key: 'poverty', label: '帮扶状态', children: poverty },
          { key: 'training', label: '培训记录', children: <NotYet what="培训记录" when="本人参加培训班的报名、考勤、结业和证书将在培训管理按人员汇总后显示在此处；目前可在各培训班的花名册中查看。" /> },
          { key: 'study', label: '就读记录', children: <NotYet what="就读记录" when="技工院校的录取、学籍和就读情况将在技工教育功能登记后显示在此处。" /> },
          { key: 'subsidy', label: '补贴记录', children: <NotYet what="补贴记录" when="培训补贴、助学补助等申领和发放记录将在补贴功能记录后显示在此处。" /> },
          { key: 'changes', label: '变更记录', children: <ChangesTab items={changes} error={changesError} /> },
        ]}
      />
      <RevealDialog
        personId={person.id}
        open={revealOpen}
        onClose={() => setRevealOpen(false)}
        onRevealed={(full) => {
          setFullId(full);
          setRevealOpen(false);
        }}
      />
      <EditDialog
        person={person}
        open={editOpen}
        regionRoot={me.scope.regionCode}
        onClose={() => setEditOpen(false)}
        onReload={loadPerson}
        onSaved={() => {
          setEditOpen(false);
          void loadPerson();
          void loadChanges();
        }}
      />
    </PageLayout>
  );
}
