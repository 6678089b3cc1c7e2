/**
 * Minimum password policy for new accounts and password resets: the server enforces it
 * (server/modules/auth/password.ts re-exports it) and the admin form shows and checks it.
 */

/** The policy in one sentence, as the form shows it. */
export const PASSWORD_RULE_TEXT = '至少 10 位，且包含小写字母、大写字母、数字、符号中的至少两类';

/** The first problem of `password` under the policy, or null when it passes. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return '密码至少 10 位';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 2) return '密码需包含字母、数字、符号中的至少两类';
  return null;
}
