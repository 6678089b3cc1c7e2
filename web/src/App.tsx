/**
 * The route tree: /login outside the shell; everything else inside the signed-in layout,
 * each page guarded by the user's server-provided menu.
 */
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { MENU } from '../../common/permissions.ts';
import { loginPath, setUnauthorizedHandler } from './api/client.ts';
import { useAuth, useMe } from './auth/AuthContext.tsx';
import { ROUTES, type PageRoute } from './routes.tsx';
import { PageLoading } from './components/PageLoading.tsx';

// Lazy, so the login page loads none of the shell.
const LoginPage = lazy(() => import('./pages/login/LoginPage.tsx'));
const AppLayout = lazy(() => import('./layout/AppLayout.tsx'));
const statusPages = () => import('./pages/system/StatusPages.tsx');
const ForbiddenPage = lazy(() => statusPages().then((m) => ({ default: m.ForbiddenPage })));
const NotFoundPage = lazy(() => statusPages().then((m) => ({ default: m.NotFoundPage })));
const PlaceholderPage = lazy(() => statusPages().then((m) => ({ default: m.PlaceholderPage })));
const ServerErrorPage = lazy(() => statusPages().then((m) => ({ default: m.ServerErrorPage })));

const MENU_KEYS = new Set(MENU.map((m) => m.key));

/** Routes 401 answers through the router: forget the session, go to /login?next=… */
function UnauthorizedRedirect() {
  const navigate = useNavigate();
  const { clear } = useAuth();
  useEffect(() => {
    setUnauthorizedHandler((returnTo) => {
      clear();
      void navigate(loginPath(returnTo), { replace: true });
    });
  }, [navigate, clear]);
  return null;
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { state, refresh } = useAuth();
  const location = useLocation();
  switch (state.status) {
    case 'loading':
      return <PageLoading fullscreen />;
    case 'anonymous':
      return <Navigate to={loginPath(location.pathname + location.search)} replace />;
    case 'error':
      return (
        <Suspense fallback={<PageLoading fullscreen />}>
          <ServerErrorPage message={state.message} onRetry={() => void refresh()} />
        </Suspense>
      );
    case 'signed-in':
      return children;
  }
}

/** Opens a page only when its menu entry is in the user's menu (the server enforces it too). */
function MenuGuard({ route }: { route: PageRoute }) {
  const me = useMe();
  const key = route.menu ?? route.path;
  const allowed = !MENU_KEYS.has(key) || me.menu.some((m) => m.key === key);
  if (!allowed) {
    // Roles without the dashboard (e.g. trainees) start at their first menu entry.
    if (route.path === '/' && me.menu.length > 0) return <Navigate to={me.menu[0].key} replace />;
    return <ForbiddenPage />;
  }
  const Page = route.page;
  return <Page />;
}

/** Menu entries that have no page yet: a placeholder, so the menu never leads to a 404. */
function placeholderRoutes(menu: readonly { key: string; label: string }[]): ReactNode[] {
  const served = new Set(ROUTES.map((r) => r.path));
  return menu.filter((m) => !served.has(m.key)).map((m) => <Route key={`placeholder:${m.key}`} path={m.key} element={<PlaceholderPage label={m.label} />} />);
}

export function AppRoutes() {
  const { me } = useAuth();
  return (
    <>
      <UnauthorizedRedirect />
      <Routes>
        <Route
          path="/login"
          element={
            <Suspense fallback={<PageLoading fullscreen />}>
              <LoginPage />
            </Suspense>
          }
        />
        <Route
          element={
            <RequireAuth>
              <Suspense fallback={<PageLoading fullscreen />}>
                <AppLayout />
              </Suspense>
            </RequireAuth>
          }
        >
          {ROUTES.map((r) => (
            <Route key={r.path} path={r.path} element={<MenuGuard route={r} />} />
          ))}
          {me ? placeholderRoutes(me.menu) : null}
          <Route path="/403" element={<ForbiddenPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </>
  );
}
