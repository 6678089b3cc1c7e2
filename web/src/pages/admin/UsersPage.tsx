/**
 * /admin/users — 用户管理 (系统管理员): the accounts of the administrator's region
 * (server-paged), 新建账号, 停用/启用 with a reason and 重置密码. The three administrator
 * roles are listed but never created or changed here (三员分立).
 */
import { useRef, useState } from 'react';
import { Button, Space, Tooltip, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ROLE_LABEL, type Role } from '../../../../common/permissions.ts';
import { useMe } from '../../auth/AuthContext.tsx';
import { fetchUsers, type UserItem, type UserStatus } from '../../api/users.ts';
import { PageLayout } from '../../components/PageLayout.tsx';
import { SearchTable, type SearchField, type SearchParams, type SearchTableHandle } from '../../components/SearchTable.tsx';
import { CreateUserDialog, ResetPasswordDialog, StatusDialog } from './UserDialogs.tsx';
import { ROLE_FILTER_OPTIONS, STATUS_OPTIONS, UserStatusTag, isPrivilegedRole } from './labels.tsx';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const FIELDS: SearchField[] = [
  { name: 'q', label: '关键字', placeholder: '用户名 / 姓名', width: 180 },
  { name: 'role', label: '角色', options: ROLE_FILTER_OPTIONS, width: 220 },
  { name: 'status', label: '状态', options: STATUS_OPTIONS, width: 110 },
];

export default function UsersPage() {
  const me = useMe();
  const table = useRef<SearchTableHandle>(null);
  const [createOpen, setCreateOpen] = useState(false);
  const [statusOf, setStatusOf] = useState<UserItem | null>(null);
  const [passwordOf, setPasswordOf] = useState<UserItem | null>(null);

  /** Why the row's actions are unavailable, or null when the admin may change the account. */
  const lockedReason = (u: UserItem): string | null => {
    if (u.id === me.user.id) return '不能修改自己的账号';
    if (isPrivilegedRole(u.role)) return '管理员账号须由运维人员用命令行维护（三员分立）';
    return null;
  };

  const columns: TableColumnsType<UserItem> = [
    { title: '用户名', dataIndex: 'username', width: 150, fixed: 'left', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: '姓名', dataIndex: 'displayName', width: 130 },
    { title: '角色', dataIndex: 'role', width: 170, render: (r: Role) => ROLE_LABEL[r] },
    { title: '所属区划', dataIndex: 'regionName', width: 110, render: (v: string | null, u) => v ?? u.regionCode },
    { title: '所属机构', dataIndex: 'orgName', ellipsis: true, render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text> },
    { title: '状态', dataIndex: 'status', width: 70, render: (s: UserStatus) => <UserStatusTag status={s} /> },
    { title: '最近登录', dataIndex: 'lastLoginAt', width: 160, render: (v: string | null) => v ?? <Typography.Text type="secondary">从未登录</Typography.Text> },
    {
      title: '操作',
      key: 'op',
      width: 140,
      fixed: 'right',
      render: (_: unknown, u) => {
        const locked = lockedReason(u);
        const actions = (
          <Space size={0}>
            <Button type="link" size="small" danger={u.status === 'active'} disabled={locked !== null} onClick={() => setStatusOf(u)}>
              {u.status === 'active' ? '停用' : '启用'}
            </Button>
            <Button type="link" size="small" disabled={locked !== null} onClick={() => setPasswordOf(u)}>
              重置密码
            </Button>
          </Space>
        );
        return locked ? <Tooltip title={locked}>{actions}</Tooltip> : actions;
      },
    },
  ];

  return (
    <PageLayout title="用户管理" subTitle={`${me.scope.regionName ?? me.scope.regionCode} · 三员分立：管理员账号不在此维护`}>
      <SearchTable<UserItem>
        ref={table}
        rowKey="id"
        columns={columns}
        fields={FIELDS}
        toolbar={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)}>
            新建账号
          </Button>
        }
        fetch={(p: SearchParams) =>
          fetchUsers({
            page: p.page,
            pageSize: p.pageSize,
            q: str(p.q),
            role: str(p.role) as Role | undefined,
            status: str(p.status) as UserStatus | undefined,
          })
        }
      />
      <CreateUserDialog
        open={createOpen}
        regionRoot={me.scope.regionCode}
        onClose={() => setCreateOpen(false)}
        onCreated={() => {
          setCreateOpen(false);
          table.current?.reload();
        }}
      />
      <StatusDialog
        user={statusOf}
        onClose={() => setStatusOf(null)}
        onDone={() => {
          setStatusOf(null);
          table.current?.reload();
        }}
      />
      <ResetPasswordDialog user={passwordOf} onClose={() => setPasswordOf(null)} onDone={() => setPasswordOf(null)} />
    </PageLayout>
  );
}
