import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.ts';

describe('password policy', () => {
  it('refuses passwords shorter than 10 characters', () => {
    expect(passwordProblem('Ab1!Ab1!A')).toBe('密码至少 10 位');
  });
  it('refuses a long password of a single character class', () => {
    expect(passwordProblem('abcdefghijkl')).toBe('密码需包含字母、数字、符号中的至少两类');
    expect(passwordProblem('1234567890')).toBe('密码需包含字母、数字、符号中的至少两类');
  });
  it('accepts 10 characters of two classes', () => {
    expect(passwordProblem('abcdefgh12')).toBeNull();
    expect(passwordProblem('Village-2026!')).toBeNull();
  });
});
