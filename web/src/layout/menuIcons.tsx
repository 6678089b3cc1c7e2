/** Icons of the menu entries (presentation only: which entries a user sees comes from the server). */
import type { ReactNode } from 'react';
import {
  AccountBookOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  FileSearchOutlined,
  FormOutlined,
  IdcardOutlined,
  MoneyCollectOutlined,
  ProfileOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  SolutionOutlined,
  SwapOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';

const ICONS: Record<string, ReactNode> = {
  '/': <DashboardOutlined />,
  '/registry': <IdcardOutlined />,
  '/registry/import': <CloudUploadOutlined />,
  '/survey': <FormOutlined />,
  '/matching': <SwapOutlined />,
  '/feedback': <SolutionOutlined />,
  '/training': <ReadOutlined />,
  '/training/review': <CheckSquareOutlined />,
  '/subsidy': <MoneyCollectOutlined />,
  '/subsidy/review': <FileSearchOutlined />,
  '/subsidy/payments': <AccountBookOutlined />,
  '/policy': <SettingOutlined />,
  '/reports': <BarChartOutlined />,
  '/regions': <EnvironmentOutlined />,
  '/admin/users': <TeamOutlined />,
  '/orgs': <BankOutlined />,
  '/audit': <AuditOutlined />,
  '/security': <SafetyCertificateOutlined />,
  '/me': <UserOutlined />,
  '/learning': <ProfileOutlined />,
};

export function menuIcon(key: string): ReactNode {
  return ICONS[key] ?? <AppstoreOutlined />;
}
