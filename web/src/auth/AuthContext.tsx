/**
 * The signed-in user for the whole app: loads GET /api/v1/me once, and offers login/logout.
 * Everything role-specific in the UI (menu, scope) comes from the server's answer.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { LoginInput } from '../../../common/schemas/auth.ts';
import type { Permission } from '../../../common/permissions.ts';
import * as platform from '../api/platform.ts';
import type { Me } from '../api/platform.ts';

export type AuthState = { status: 'loading' } | { status: 'anonymous' } | { status: 'error'; message: string } | { status: 'signed-in'; me: Me };

export interface Auth {
  state: AuthState;
  /** The signed-in user (null while loading or signed out). */
  me: Me | null;
  login: (input: LoginInput) => Promise<Me>;
  logout: () => Promise<void>;
  /** Reloads /me (after a role or scope change); resolves to the new user or null. */
  refresh: () => Promise<Me | null>;
  /** Forgets the session locally (after a 401). */
  clear: () => void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const me = await platform.fetchMe();
      setState(me ? { status: 'signed-in', me } : { status: 'anonymous' });
      return me;
    } catch (err) {
      setState({ status: 'error', message: err instanceof Error ? err.message : '无法获取登录状态' });
      return null;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const login = useCallback(async (input: LoginInput) => {
    await platform.login(input);
    const me = await platform.fetchMe();
    if (!me) throw new Error('登录状态未能建立，请检查浏览器是否允许 Cookie');
    setState({ status: 'signed-in', me });
    return me;
  }, []);

  const logout = useCallback(async () => {
    try {
      await platform.logout();
    } finally {
      setState({ status: 'anonymous' });
    }
  }, []);

  const clear = useCallback(() => setState({ status: 'anonymous' }), []);

  const value = useMemo<Auth>(
    () => ({ state, me: state.status === 'signed-in' ? state.me : null, login, logout, refresh, clear }),
    [state, login, logout, refresh, clear],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The auth context; throws outside AuthProvider. */
export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user; only for pages behind RequireAuth. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}

/** True when the signed-in user holds the permission (for buttons; the server decides). */
export function useCan(permission: Permission): boolean {
  const { me } = useAuth();
  return !!me && me.permissions.includes(permission);
}
