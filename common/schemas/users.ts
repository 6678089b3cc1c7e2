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
