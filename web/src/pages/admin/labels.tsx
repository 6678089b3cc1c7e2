/** Labels and options of 用户管理 / 安全管理. */
import { Tag } from 'antd';
import { ROLES, ROLE_LABEL, type Role } from '../../../../common/permissions.ts';
import { PRIVILEGED_ROLES } from '../../../../common/schemas/users.ts';
import type { UserStatus } from '../../api/users.ts';

/** True for 系统管理员、审计管理员、安全管理员 (三员分立: never created or changed in the web). */
export const isPrivilegedRole = (role: Role): boolean => (PRIVILEGED_ROLES as readonly string[]).includes(role);

/** Every role (the search filter). */
export const ROLE_FILTER_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }));

/** Roles an administrator may create here: all but the three administrators. */
export const CREATABLE_ROLE_OPTIONS = ROLES.filter((r) => !isPrivilegedRole(r)).map((r) => ({ value: r, label: ROLE_LABEL[r] }));

export const STATUS_OPTIONS: { value: UserStatus; label: string }[] = [
  { value: 'active', label: '启用' },
  { value: 'disabled', label: '停用' },
];

/** Chinese names of organisation kinds (the label of the organisation select). */
export const ORG_KIND_LABEL: Record<string, string> = {
  hr_bureau: '人社部门',
  poverty_office: '扶贫（乡村振兴）部门',
  township: '乡镇',
  school: '技工院校',
  institution: '培训机构',
  enterprise: '企业',
  reviewer: '第三方机构',
  platform: '平台',
};

export function UserStatusTag({ status }: { status: UserStatus }) {
  return status === 'active' ? <Tag color="success">启用</Tag> : <Tag color="error">停用</Tag>;
}
