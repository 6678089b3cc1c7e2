/** Schemas of platform endpoints: health, regions, dashboard. */
import { z } from 'zod';

export const HealthOutput = z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']), version: z.string() });

export const RegionNode = z.object({ code: z.string(), name: z.string(), level: z.number(), hasChildren: z.boolean() });
export const RegionChildrenQuery = z.object({ parent: z.string().regex(/^\d{2,12}$/, '区划代码应为数字').optional() });
export const RegionChildrenOutput = z.object({ items: z.array(RegionNode) });

export const DashboardCard = z.object({ key: z.string(), label: z.string(), value: z.number(), unit: z.string().optional() });
export const DashboardOutput = z.object({
  title: z.string(),
  scopeName: z.string().nullable(),
  cards: z.array(DashboardCard),
});
export type DashboardOutput = z.infer<typeof DashboardOutput>;
