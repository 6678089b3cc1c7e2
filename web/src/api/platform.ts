/** Typed calls of the platform endpoints (auth, dashboard, regions, audit). */
import type { z } from 'zod';
import type { LoginInput, LoginOutput, MeOutput } from '../../../common/schemas/auth.ts';
import type { DashboardOutput, RegionChildrenOutput, RegionNode as RegionNodeSchema } from '../../../common/schemas/platform.ts';
import type { AuditItem as AuditItemSchema, AuditListOutput, AuditListQuery, AuditVerifyOutput } from '../../../common/schemas/audit.ts';
import { ApiError, api, setCsrfToken } from './client.ts';

export type Me = z.infer<typeof MeOutput>;
export type Login = z.infer<typeof LoginOutput>;
export type Dashboard = z.infer<typeof DashboardOutput>;
export type RegionNode = z.infer<typeof RegionNodeSchema>;
export type AuditItem = z.infer<typeof AuditItemSchema>;
export type AuditList = z.infer<typeof AuditListOutput>;
export type AuditQuery = z.infer<typeof AuditListQuery>;
export type AuditVerify = z.infer<typeof AuditVerifyOutput>;

/** GET /api/v1/demo (404 outside demo mode). */
export interface DemoInfo {
  demo: true;
  password?: string;
  accounts?: { username: string; label: string }[];
}

export async function login(input: LoginInput): Promise<Login> {
  const out = await api.post<Login>('/api/v1/auth/login', input, { noAuthRedirect: true });
  setCsrfToken(out.csrfToken);
  return out;
}

export async function logout(): Promise<void> {
  try {
    await api.post('/api/v1/auth/logout', undefined, { noAuthRedirect: true });
  } finally {
    setCsrfToken(null);
  }
}

/** The signed-in user, or null without a session. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/api/v1/me', undefined, { noAuthRedirect: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

/** Demo accounts for the login banner; null when the server is not in demo mode. */
export async function fetchDemo(): Promise<DemoInfo | null> {
  try {
    const d = await api.get<DemoInfo>('/api/v1/demo', undefined, { noAuthRedirect: true });
    return d && d.demo === true ? d : null;
  } catch {
    return null;
  }
}

export const fetchDashboard = (signal?: AbortSignal) => api.get<Dashboard>('/api/v1/dashboard', undefined, { signal });

export const fetchRegionChildren = (parent?: string) => api.get<z.infer<typeof RegionChildrenOutput>>('/api/v1/regions', { parent });

export const fetchAudit = (q: AuditQuery) => api.get<AuditList>('/api/v1/audit', q);

export const verifyAudit = () => api.get<AuditVerify>('/api/v1/audit/verify');
