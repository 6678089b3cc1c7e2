/** Typed calls of 用户管理 (users, organisations) and 安全管理 (security overview, force logout). */
import type { z } from 'zod';
import type {
  CreateUserInput,
  OrganisationItem as OrganisationItemSchema,
  OrganisationListOutput,
  OrganisationQuery,
  ResetPasswordInput,
  SecurityAccount,
  SecurityOverviewOutput,
  UserItem,
  UserListOutput,
  UserListQuery,
  UserStatusInput,
} from '../../../common/schemas/users.ts';
import { api } from './client.ts';

export type { SecurityAccount, UserItem };
export type UserQuery = Partial<z.infer<typeof UserListQuery>>;
export type UserList = z.infer<typeof UserListOutput>;
export type UserStatus = UserItem['status'];
export type CreateUserData = z.input<typeof CreateUserInput>;
export type OrgKind = NonNullable<z.infer<typeof OrganisationQuery>['kind']>;
export type Organisation = z.infer<typeof OrganisationItemSchema>;
export type SecurityOverview = z.infer<typeof SecurityOverviewOutput>;

export const fetchUsers = (q: UserQuery) => api.get<UserList>('/api/v1/users', q);
export const createUser = (input: CreateUserData) => api.post<{ id: number }>('/api/v1/users', input);
export const setUserStatus = (id: number, input: z.input<typeof UserStatusInput>) => api.post<{ ok: true }>(`/api/v1/users/${id}/status`, input);
export const resetUserPassword = (id: number, input: z.input<typeof ResetPasswordInput>) => api.post<{ ok: true }>(`/api/v1/users/${id}/password`, input);
export const fetchOrganisations = (kind?: OrgKind) => api.get<z.infer<typeof OrganisationListOutput>>('/api/v1/organisations', { kind });

export const fetchSecurityOverview = () => api.get<SecurityOverview>('/api/v1/security/overview');
export const findAccount = (username: string) => api.get<SecurityAccount>('/api/v1/security/accounts', { username });
export const forceLogout = (id: number) => api.post<{ sessions: number }>(`/api/v1/security/users/${id}/logout`);
