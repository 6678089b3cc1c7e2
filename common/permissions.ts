/**
 * Roles, permissions and the role → permission matrix: the one place that says who may do
 * what. Region and organisation scope are applied on top of these by the data-access layer.
 */

export const ROLES = [
  'hr_province', // 人社厅（省）
  'hr_city', // 人社局（市）
  'hr_county', // 人社局（县）
  'poverty_office', // 扶贫办 / 乡村振兴局
  'village_cadre', // 乡镇/村干部、驻村工作队、第一书记
  'school', // 技工院校
  'institution', // 培训机构
  'enterprise', // 企业
  'reviewer', // 第三方机构
  'trainee', // 学员 / 学生
  'platform_admin', // 系统管理员
  'audit_admin', // 审计管理员
  'security_admin', // 安全管理员
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = {
  hr_province: '省人社厅工作人员',
  hr_city: '市人社局工作人员',
  hr_county: '县人社局工作人员',
  poverty_office: '扶贫（乡村振兴）部门工作人员',
  village_cadre: '乡村干部',
  school: '技工院校',
  institution: '培训机构',
  enterprise: '企业',
  reviewer: '第三方机构',
  trainee: '学员',
  platform_admin: '系统管理员',
  audit_admin: '审计管理员',
  security_admin: '安全管理员',
};

export const PERMISSIONS = [
  'dashboard.read',
  'regions.read',
  'registry.read',
  'registry.write',
  'registry.import',
  'registry.export',
  'registry.export_unmasked',
  'registry.reveal_id',
  'registry.survey',
  'matching.run',
  'matching.review',
  'matching.feedback',
  'training.manage',
  'training.review',
  'training.supervise',
  'training.catalog',
  'training.followup',
  'subsidy.claim',
  'subsidy.review',
  'subsidy.pay',
  'policy.edit',
  'reports.read',
  'reports.submit',
  'orgs.read',
  'users.manage',
  'audit.read',
  'security.manage',
  'self.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const HR_COMMON: Permission[] = [
  'dashboard.read',
  'regions.read',
  'registry.read',
  'registry.write',
  'registry.import',
  'registry.export',
  'registry.export_unmasked',
  'registry.reveal_id',
  'matching.run',
  'matching.review',
  'matching.feedback',
  'training.review',
  'training.supervise',
  'training.catalog',
  'training.followup',
  'subsidy.review',
  'subsidy.pay',
  'reports.read',
  'reports.submit',
  'orgs.read',
];

/** The matrix. Separation of duties (三权分立): admins do not see personal data. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  hr_province: [...HR_COMMON, 'policy.edit'],
  hr_city: HR_COMMON,
  hr_county: HR_COMMON,
  poverty_office: [
    'dashboard.read',
    'regions.read',
    'registry.read',
    'registry.write',
    'registry.import',
    'registry.export',
    'registry.export_unmasked',
    'registry.reveal_id',
    'registry.survey',
    'matching.run',
    'matching.review',
    'matching.feedback',
    'reports.read',
    'orgs.read',
  ],
  village_cadre: ['dashboard.read', 'regions.read', 'registry.read', 'registry.survey'],
  school: ['dashboard.read', 'regions.read', 'matching.feedback', 'reports.read'],
  institution: ['dashboard.read', 'regions.read', 'training.manage', 'training.followup', 'matching.feedback', 'subsidy.claim'],
  enterprise: ['dashboard.read', 'regions.read', 'subsidy.claim'],
  reviewer: ['dashboard.read', 'regions.read', 'training.supervise', 'reports.read'],
  trainee: ['self.read'],
  platform_admin: ['dashboard.read', 'regions.read', 'users.manage', 'orgs.read'],
  audit_admin: ['dashboard.read', 'audit.read'],
  security_admin: ['dashboard.read', 'security.manage'],
};

/** True when the role holds the permission. */
export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Which organisation kind a role belongs to (null: no organisation needed). */
export const ROLE_ORG_KIND: Record<Role, string | null> = {
  hr_province: 'hr_bureau',
  hr_city: 'hr_bureau',
  hr_county: 'hr_bureau',
  poverty_office: 'poverty_office',
  village_cadre: null,
  school: 'school',
  institution: 'institution',
  enterprise: 'enterprise',
  reviewer: 'reviewer',
  trainee: null,
  platform_admin: null,
  audit_admin: null,
  security_admin: null,
};

/** Menu entries of the web shell, each guarded by a permission. */
export interface MenuEntry {
  key: string;
  label: string;
  permission: Permission;
}
export const MENU: readonly MenuEntry[] = [
  { key: '/', label: '工作台', permission: 'dashboard.read' },
  { key: '/registry', label: '实名台账', permission: 'registry.read' },
  { key: '/registry/import', label: '台账导入', permission: 'registry.import' },
  { key: '/survey', label: '摸底登记', permission: 'registry.survey' },
  { key: '/matching', label: '精准比对', permission: 'matching.run' },
  { key: '/feedback', label: '比对反馈', permission: 'matching.feedback' },
  { key: '/training', label: '培训管理', permission: 'training.manage' },
  { key: '/training/review', label: '开班审核', permission: 'training.review' },
  { key: '/subsidy', label: '补贴申报', permission: 'subsidy.claim' },
  { key: '/subsidy/review', label: '补贴审核', permission: 'subsidy.review' },
  { key: '/subsidy/payments', label: '拨付台账', permission: 'subsidy.pay' },
  { key: '/policy', label: '政策设置', permission: 'policy.edit' },
  { key: '/reports', label: '统计报表', permission: 'reports.read' },
  { key: '/regions', label: '行政区划', permission: 'regions.read' },
  { key: '/admin/users', label: '用户管理', permission: 'users.manage' },
  { key: '/audit', label: '审计日志', permission: 'audit.read' },
  { key: '/security', label: '安全管理', permission: 'security.manage' },
  { key: '/me', label: '我的', permission: 'self.read' },
];

/** The menu a role sees. */
export function menuFor(role: Role): MenuEntry[] {
  return MENU.filter((m) => can(role, m.permission));
}
