/**
 * The signed-in shell: header (title, scope, user menu), the left menu from the server
 * (`me.menu`; a drawer on phones), the breadcrumb and the page.
 */
import { Suspense, useEffect, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App, Avatar, Breadcrumb, Button, Drawer, Dropdown, Grid, Layout, Menu, Typography, type MenuProps } from 'antd';
import { LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth, useMe } from '../auth/AuthContext.tsx';
import { errorMessage } from '../api/client.ts';
import { ROUTES } from '../routes.tsx';
import { PageLoading } from '../components/PageLoading.tsx';
import { BRAND, PLATFORM_TITLE } from '../theme.ts';
import { breadcrumbTrail, routeFor, selectedMenuKey } from './nav.ts';
import { menuIcon } from './menuIcons.tsx';

const { Header, Sider, Content } = Layout;

/** Region and organisation of the user, e.g. "镇雄县 · 镇雄县人力资源和社会保障局". */
function scopeText(scope: { regionName: string | null; orgName: string | null; regionCode: string }): string {
  return [scope.regionName ?? scope.regionCode, scope.orgName].filter(Boolean).join(' · ');
}

function useIsPhone(): boolean {
  const screens = Grid.useBreakpoint();
  const md = screens.md ?? (typeof window !== 'undefined' && window.matchMedia('(min-width: 768px)').matches);
  return !md;
}

export default function AppLayout() {
  const me = useMe();
  const { logout } = useAuth();
  const { message } = App.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);

  const path = location.pathname;
  const selected = selectedMenuKey(path, me.menu);
  const trail = useMemo(() => breadcrumbTrail(path, me.menu, ROUTES), [path, me.menu]);
  const known = selected !== undefined || routeFor(path, ROUTES) !== undefined;
  const pageLabel = path === '/' ? '工作台' : path === '/403' ? '无权访问' : trail.length > 0 ? trail[trail.length - 1].label : known ? '' : '页面不存在';

  useEffect(() => {
    document.title = pageLabel ? `${pageLabel} - ${PLATFORM_TITLE}` : PLATFORM_TITLE;
  }, [pageLabel]);

  // Close the phone drawer after navigating.
  useEffect(() => setDrawerOpen(false), [path]);

  const menuItems: MenuProps['items'] = me.menu.map((m) => ({ key: m.key, icon: menuIcon(m.key), label: m.label }));
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={menuItems}
      onClick={({ key }) => void navigate(key)}
      style={{ borderInlineEnd: 'none' }}
      data-testid="main-menu"
    />
  );

  const onLogout = async () => {
    try {
      await logout();
      message.success('已退出登录');
    } catch (err) {
      message.error(errorMessage(err));
    }
    void navigate('/login', { replace: true });
  };

  const scope = scopeText(me.scope);
  const userMenu: MenuProps = {
    items: [
      {
        key: 'who',
        disabled: true,
        label: (
          <div style={{ lineHeight: 1.5, color: 'rgba(0,0,0,0.88)' }}>
            <div style={{ fontWeight: 600 }}>{me.user.displayName}</div>
            <div style={{ color: 'rgba(0,0,0,0.55)', fontSize: 12 }}>{me.user.roleLabel}</div>
            <div style={{ color: 'rgba(0,0,0,0.55)', fontSize: 12 }}>{scope}</div>
          </div>
        ),
      },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'logout') void onLogout();
    },
  };

  const breadcrumbItems =
    path === '/'
      ? [{ title: '工作台' }]
      : [{ title: <Link to="/">首页</Link> }, ...(pageLabel && trail.length === 0 ? [{ title: pageLabel }] : trail.map((t, i) => ({ title: i < trail.length - 1 ? <Link to={t.key}>{t.label}</Link> : t.label })))];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header style={{ display: 'flex', alignItems: 'center', gap: 12, position: 'sticky', top: 0, zIndex: 100, paddingInline: isPhone ? 8 : 16 }}>
        <Button
          type="text"
          aria-label={isPhone ? '打开菜单' : collapsed ? '展开菜单' : '收起菜单'}
          icon={isPhone ? <MenuOutlined /> : collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
          onClick={() => (isPhone ? setDrawerOpen(true) : setCollapsed((c) => !c))}
          style={{ color: BRAND.headerText, flex: 'none' }}
        />
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0, flex: '1 1 auto', color: BRAND.headerText }}>
          <img src="/favicon.svg" alt="" width={28} height={28} style={{ flex: 'none' }} />
          <span className="platform-title" title={PLATFORM_TITLE} style={{ fontSize: isPhone ? 15 : 18, fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', letterSpacing: 1 }}>
            {PLATFORM_TITLE}
          </span>
        </Link>
        {!isPhone && scope ? (
          <span data-testid="scope" title={scope} style={{ color: 'rgba(255,255,255,0.85)', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: 360, flex: '0 1 auto' }}>
            {scope}
          </span>
        ) : null}
        <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
          <Button type="text" data-testid="user-menu" style={{ color: BRAND.headerText, flex: 'none', paddingInline: 4 }} aria-label="用户菜单">
            <Avatar size="small" icon={<UserOutlined />} style={{ background: BRAND.primary }} />
            {!isPhone ? <span style={{ marginInlineStart: 4 }}>{me.user.displayName}</span> : null}
          </Button>
        </Dropdown>
      </Header>
      <Layout>
        {isPhone ? (
          <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} size={240} title="功能菜单" styles={{ body: { padding: 0 } }}>
            <div style={{ padding: '8px 16px', color: 'rgba(0,0,0,0.55)', fontSize: 12 }}>{scope}</div>
            {menu}
          </Drawer>
        ) : (
          <Sider
            width={220}
            collapsedWidth={64}
            collapsed={collapsed}
            trigger={null}
            collapsible
            theme="light"
            style={{ borderInlineEnd: '1px solid #e6ebf1', position: 'sticky', top: 56, height: 'calc(100vh - 56px)', overflowY: 'auto' }}
          >
            {menu}
          </Sider>
        )}
        <Content style={{ padding: isPhone ? 12 : 24, minWidth: 0 }}>
          <Breadcrumb items={breadcrumbItems} style={{ marginBottom: 12 }} />
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 24, marginBottom: 0, fontSize: 12 }}>
            {PLATFORM_TITLE}
          </Typography.Paragraph>
        </Content>
      </Layout>
    </Layout>
  );
}
