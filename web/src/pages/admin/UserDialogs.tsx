/** The dialogs of 用户管理: 新建账号, 停用/启用 (with a reason), 重置密码. */
import { useEffect, useState } from 'react';
import { Alert, App, Form, Input, Modal, Select, Typography } from 'antd';
import { ROLE_LABEL, ROLE_ORG_KIND, type Role } from '../../../../common/permissions.ts';
import { PASSWORD_RULE_TEXT, passwordProblem } from '../../../../common/password-policy.ts';
import { CreateUserInput, ResetPasswordInput, UserStatusInput } from '../../../../common/schemas/users.ts';
import { errorMessage } from '../../api/client.ts';
import { createUser, fetchOrganisations, resetUserPassword, setUserStatus, type OrgKind, type Organisation, type UserItem } from '../../api/users.ts';
import { RegionCascader } from '../../components/RegionCascader.tsx';
import { zodRule } from '../../lib/zodRule.ts';
import { CREATABLE_ROLE_OPTIONS, ORG_KIND_LABEL } from './labels.tsx';

const S = CreateUserInput.shape;

/** The password rule: the shared Zod schema, then the server's policy. */
const passwordRules = [
  zodRule(ResetPasswordInput.shape.password),
  {
    validator: async (_: unknown, value: unknown) => {
      const problem = typeof value === 'string' && value !== '' ? passwordProblem(value) : null;
      if (problem) throw new Error(problem);
    },
  },
];

/** 新密码 and 确认新密码 (the server's rules shown below the first box). */
function PasswordFields({ label }: { label: string }) {
  return (
    <>
      <Form.Item name="password" label={label} required rules={passwordRules} extra={`密码规则：${PASSWORD_RULE_TEXT}`} validateFirst>
        <Input.Password autoComplete="new-password" maxLength={256} />
      </Form.Item>
      <Form.Item
        name="confirm"
        label="确认密码"
        dependencies={['password']}
        rules={[
          { required: true, message: '请再次输入密码' },
          ({ getFieldValue }) => ({
            validator: async (_: unknown, value: unknown) => {
              if (value && value !== getFieldValue('password')) throw new Error('两次输入的密码不一致');
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={256} />
      </Form.Item>
    </>
  );
}

interface CreateValues {
  username: string;
  displayName: string;
  role: Role;
  orgId?: number;
  regionCode?: string;
  password: string;
  confirm: string;
}

/** 新建账号: role first, then the organisation of the role's kind inside the admin's region. */
export function CreateUserDialog({ open, regionRoot, onClose, onCreated }: { open: boolean; regionRoot: string; onClose: () => void; onCreated: (username: string) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const role = Form.useWatch('role', form);
  const orgKind = role ? (ROLE_ORG_KIND[role] as OrgKind | null) : null;
  const [orgs, setOrgs] = useState<{ kind: OrgKind; items: Organisation[] } | null>(null);
  const [orgError, setOrgError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open || !orgKind) return;
    let live = true;
    setOrgError(null);
    fetchOrganisations(orgKind)
      .then((r) => {
        if (live) setOrgs({ kind: orgKind, items: r.items.filter((o) => o.status === 'active') });
      })
      .catch((err: unknown) => {
        if (live) setOrgError(errorMessage(err));
      });
    return () => {
      live = false;
    };
  }, [open, orgKind]);

  const orgOptions = orgs && orgs.kind === orgKind ? orgs.items.map((o) => ({ value: o.id, label: o.name })) : [];

  const submit = async () => {
    const v = await form.validateFields();
    const input = {
      username: v.username.trim().toLowerCase(),
      displayName: v.displayName.trim(),
      password: v.password,
      role: v.role,
      regionCode: v.regionCode ?? '',
      orgId: orgKind ? (v.orgId ?? null) : null,
    };
    const parsed = CreateUserInput.safeParse(input);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '填写内容有误');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await createUser(input);
      message.success(`已创建账号 ${input.username}`);
      form.resetFields();
      onCreated(input.username);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="新建账号" open={open} width={640} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} okText="创建" cancelText="取消" confirmLoading={busy} destroyOnHidden>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title="系统管理员、审计管理员、安全管理员账号须由运维人员用命令行创建（三员分立），此处不可创建。" />
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="create-user-error" /> : null}
      <Form
        form={form}
        name="create-user"
        layout="vertical"
        preserve={false}
        requiredMark
        onValuesChange={(changed: Partial<CreateValues>) => {
          if ('role' in changed) form.setFieldValue('orgId', undefined);
          if ('orgId' in changed && changed.orgId !== undefined && !form.getFieldValue('regionCode')) {
            // A new account of an organisation usually sits in the organisation's region.
            const org = orgs?.items.find((o) => o.id === changed.orgId);
            if (org && org.regionCode.startsWith(regionRoot)) form.setFieldValue('regionCode', org.regionCode);
          }
        }}
      >
        <Form.Item name="username" label="用户名" required rules={[zodRule(S.username)]} extra="3–32 位小写字母、数字或 . _ -，创建后不可修改">
          <Input autoComplete="off" maxLength={32} placeholder="如 zx-village-01" />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" required rules={[zodRule(S.displayName)]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="role" label="角色" required rules={[zodRule(S.role)]}>
          <Select options={CREATABLE_ROLE_OPTIONS} placeholder="请选择角色" showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        {orgKind ? (
          <Form.Item
            name="orgId"
            label="所属机构"
            required
            rules={[{ required: true, message: `${ROLE_LABEL[role]}须选择所属机构` }]}
            extra={orgError ? <Typography.Text type="danger">机构加载失败：{orgError}</Typography.Text> : `仅列出本辖区的${ORG_KIND_LABEL[orgKind] ?? '机构'}`}
          >
            <Select options={orgOptions} placeholder="请选择所属机构" showSearch={{ optionFilterProp: 'label' }} notFoundContent="本辖区暂无该类机构" />
          </Form.Item>
        ) : null}
        <Form.Item name="regionCode" label="所属区划" required rules={[{ required: true, message: '请选择所属区划' }, zodRule(S.regionCode)]} extra="账号只能查看和办理该区划（含下级）的业务">
          <RegionCascader root={regionRoot} placeholder="请选择所属区划" style={{ width: '100%' }} />
        </Form.Item>
        <PasswordFields label="初始密码" />
      </Form>
    </Modal>
  );
}

/** 停用 / 启用 with a required reason (audited); disabling signs the account out at once. */
export function StatusDialog({ user, onClose, onDone }: { user: UserItem | null; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const target = user?.status === 'active' ? 'disabled' : 'active';
  const verb = target === 'disabled' ? '停用' : '启用';

  useEffect(() => {
    setError(null);
  }, [user]);

  const submit = async () => {
    if (!user) return;
    const { reason } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await setUserStatus(user.id, { status: target, reason: reason.trim() });
      message.success(`已${verb}账号 ${user.username}`);
      form.resetFields();
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={user ? `${verb}账号：${user.username}（${user.displayName}）` : verb}
      open={user !== null}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={`确认${verb}`}
      okButtonProps={{ danger: target === 'disabled' }}
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Alert
        type={target === 'disabled' ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 16 }}
        title={target === 'disabled' ? '停用后该账号立即下线，且不能再登录，直至重新启用。操作及原因记入审计日志。' : '启用后该账号可以重新登录。操作及原因记入审计日志。'}
      />
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="status-error" /> : null}
      <Form form={form} name="user-status" layout="vertical" preserve={false}>
        <Form.Item name="reason" label={`${verb}原因`} required rules={[zodRule(UserStatusInput.shape.reason)]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} placeholder={target === 'disabled' ? '如：人员调离岗位' : '如：人员返岗'} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 重置密码: the policy applies; the account's sessions end. */
export function ResetPasswordDialog({ user, onClose, onDone }: { user: UserItem | null; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setError(null);
  }, [user]);

  const submit = async () => {
    if (!user) return;
    const { password } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await resetUserPassword(user.id, { password });
      message.success(`已重置 ${user.username} 的密码`);
      form.resetFields();
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={user ? `重置密码：${user.username}（${user.displayName}）` : '重置密码'}
      open={user !== null}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText="重置"
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="重置后该账号的所有登录会话立即失效，请通过安全渠道把新密码告知本人。" />
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="password-error" /> : null}
      <Form form={form} name="reset-password" layout="vertical" preserve={false}>
        <PasswordFields label="新密码" />
      </Form>
    </Modal>
  );
}
