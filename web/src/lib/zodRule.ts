/** antd Form rules from the shared Zod schemas, so the form says what the server would. */
import type { FormRule } from 'antd';
import type { z } from 'zod';

/** A rule that validates one field with `schema` and shows its first (Chinese) message. */
export function zodRule(schema: z.ZodType): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      const r = schema.safeParse(value ?? '');
      if (!r.success) throw new Error(r.error.issues[0]?.message ?? '格式不正确');
    },
  };
}
