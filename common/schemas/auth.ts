/** Auth and session schemas shared by the API and the web login form. */
import { z } from 'zod';
import { ROLES } from '../permissions.ts';

export const LoginInput = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64, '用户名过长'),
  password: z.string().min(1, '请输入密码').max(256, '密码过长'),
});
export type LoginInput = z.infer<typeof LoginInput>;

export const UserView = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  roleLabel: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  orgId: z.number().nullable(),
  orgName: z.string().nullable(),
});
export type UserView = z.infer<typeof UserView>;

export const MenuItem = z.object({ key: z.string(), label: z.string() });

export const LoginOutput = z.object({ user: UserView, csrfToken: z.string() });
export const MeOutput = z.object({
  user: UserView,
  roles: z.array(z.enum(ROLES)),
  permissions: z.array(z.string()),
  scope: z.object({ regionCode: z.string(), regionName: z.string().nullable(), orgId: z.number().nullable(), orgName: z.string().nullable() }),
  menu: z.array(MenuItem),
  csrfToken: z.string(),
});
export type MeOutput = z.infer<typeof MeOutput>;

export const OkOutput = z.object({ ok: z.literal(true) });
export const ErrorOutput = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
