/** The calm government theme: deep administrative blue, neutral greys, modest radii. */
import type { ThemeConfig } from 'antd';

export const BRAND = {
  primary: '#1f5fa8',
  header: '#12355b',
  headerText: '#ffffff',
  bodyBg: '#f0f3f7',
} as const;

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND.primary,
    colorInfo: BRAND.primary,
    colorSuccess: '#2e8b57',
    colorWarning: '#d48806',
    colorError: '#c0392b',
    colorLink: BRAND.primary,
    colorBgLayout: BRAND.bodyBg,
    borderRadius: 4,
    fontSize: 14,
    fontFamily: "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: BRAND.header, headerHeight: 56, headerPadding: '0 16px', siderBg: '#ffffff', bodyBg: BRAND.bodyBg },
    Menu: { itemBorderRadius: 4, itemSelectedBg: '#e8f0fa', itemSelectedColor: BRAND.primary },
    Card: { headerFontSize: 16 },
  },
};

export const PLATFORM_TITLE = '技能扶贫与职业培训实名制管理平台';
