/** User management schemas (API, CLI and the admin form). */
import { z } from 'zod';
import { ROLES } from '../permissions.ts';

export const CreateUserInput = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, '用户名为 3–32 位小写字母、数字或 . _ -'),
  displayName: z.string().trim().min(1, '请填写姓名').max(50, '姓名过长'),
  password: z.string().min(1, '请填写密码').max(256, '密码过长'),
  role: z.enum(ROLES, { message: '角色无效' }),
  regionCode: z.string().trim().regex(/^\d{2,12}$/, '区划代码应为数字'),
  orgId: z.number().int().positive().nullable().optional(),
});
export type CreateUserInput = z.infer<typeof CreateUserInput>;

/** Accounts the platform administrator may not create or change (三员分立: only `jineng user create`). */
export const PRIVILEGED_ROLES = ['platform_admin', 'audit_admin', 'security_admin'] as const;

export const UserListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  q: z.string().trim().max(50).optional(),
  role: z.enum(ROLES).optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export const UserItem = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  orgId: z.number().nullable(),
  orgName: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserItem = z.infer<typeof UserItem>;
export const UserListOutput = z.object({ items: z.array(UserItem), total: z.number() });

export const UserStatusInput = z.object({
  status: z.enum(['active', 'disabled'], { message: '状态无效' }),
  reason: z.string().trim().min(2, '请填写原因（至少 2 个字）').max(200, '原因过长'),
});
export const ResetPasswordInput = z.object({
  password: z.string().min(1, '请填写新密码').max(256, '密码过长'),
});

export const OrganisationQuery = z.object({
  kind: z.enum(['hr_bureau', 'poverty_office', 'township', 'school', 'institution', 'enterprise', 'reviewer', 'platform']).optional(),
});
export const OrganisationItem = z.object({
  id: z.number(),
  kind: z.string(),
  name: z.string(),
  regionCode: z.string(),
  status: z.string(),
});
export const OrganisationListOutput = z.object({ items: z.array(OrganisationItem) });

export const LoginAttemptItem = z.object({
  username: z.string(),
  ip: z.string().nullable(),
  success: z.boolean(),
  at: z.string(),
});
export const SecurityOverviewOutput = z.object({
  /** Usernames locked right now (5 failures within 15 minutes since the last success). */
  locked: z.array(z.object({ username: z.string(), failures: z.number(), lastFailureAt: z.string() })),
  activeSessions: z.number(),
  recentFailures: z.array(LoginAttemptItem),
});

/** 安全管理: find an account by username (the security administrator has no user list). */
export const SecurityAccountQuery = z.object({
  username: z.string().trim().toLowerCase().min(1, '请输入用户名').max(64, '用户名过长'),
});
export const SecurityAccountOutput = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  /** Live sessions (seen within the idle timeout). */
  sessions: z.number(),
});
export type SecurityAccount = z.infer<typeof SecurityAccountOutput>;
