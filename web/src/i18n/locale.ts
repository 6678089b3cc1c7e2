/** Chinese locale for antd and dayjs (one place, so a second UI language can be added here). */
import zhCNModule from 'antd/es/locale/zh_CN.js';
import type { Locale } from 'antd/es/locale/index.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';

// antd's ES build has no "type": "module", so TypeScript (NodeNext) sees a CommonJS default
// while the bundler hands us the real default export: accept both shapes.
export const antdLocale: Locale = ((zhCNModule as unknown as { default?: Locale }).default ?? zhCNModule) as Locale;

dayjs.locale('zh-cn');
