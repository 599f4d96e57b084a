import type { FieldError } from '../../http/problem';
import { COMMON_PASSWORDS_TEXT } from './common-passwords';

/**
 * The password rule, NIST SP 800-63B style: a minimum length and a block-list, no composition
 * rules. Cognito enforces the length itself (the user pool policy says 12) but cannot refuse
 * common passwords, so registration goes through the API, which checks this first.
 */
export const PASSWORD_MIN_LENGTH = 12;
/** Cognito's own maximum. */
export const PASSWORD_MAX_LENGTH = 256;

let commonSet: Set<string> | undefined;

function common(): Set<string> {
  commonSet ??= new Set(COMMON_PASSWORDS_TEXT.split('\n'));
  return commonSet;
}

export function isCommonPassword(password: string): boolean {
  const p = password.toLowerCase();
  if (common().has(p)) return true;
  // "password1234", "!!monkey2024": a common password padded with digits or symbols is no stronger.
  const core = p.replace(/^[^a-z]+|[^a-z]+$/g, '');
  return core.length >= 4 && core !== p && common().has(core);
}

/** One character over and over, a short pattern repeated, or a straight run such as 123456789012. */
export function isRepetitiveOrSequential(password: string): boolean {
  const p = password.toLowerCase();
  for (let unit = 1; unit <= 4; unit++) {
    const head = p.slice(0, unit);
    if (head.repeat(Math.ceil(p.length / unit)).slice(0, p.length) === p) return true;
  }
  const step = (a: number, b: number) => (b - a + 10) % 10;
  const codes = [...p].map((c) => c.charCodeAt(0));
  const digits = /^\d+$/.test(p);
  for (const direction of [1, -1]) {
    let run = true;
    for (let i = 1; i < codes.length && run; i++) {
      const a = codes[i - 1] ?? 0;
      const b = codes[i] ?? 0;
      run = digits ? step(a, b) === (direction === 1 ? 1 : 9) : b - a === direction;
    }
    if (run) return true;
  }
  return false;
}

/**
 * Reasons a proposed password is refused, each naming the field and the rule; empty when it is
 * acceptable. `email` lets the check refuse passwords built from the account's own address.
 */
export function passwordProblems(password: string, email?: string, field = 'password'): FieldError[] {
  const problem = (rule: string, message: string): FieldError[] => [{ field, rule, message }];
  if (password === '') return problem('required', 'Enter a password');
  if (password.length < PASSWORD_MIN_LENGTH) {
    return problem('too-short', `Password must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return problem('too-long', `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`);
  }
  if (password !== password.trim()) {
    return problem('surrounding-space', 'Password must not start or end with a space');
  }
  if (isCommonPassword(password)) {
    return problem(
      'common-password',
      'This password is too common and easy to guess. Choose a different one, for example 3 unrelated words',
    );
  }
  if (isRepetitiveOrSequential(password)) {
    return problem('repetitive', 'Password must not be a repeated or sequential pattern, like aaaa or 1234');
  }
  if (email) {
    const lower = password.toLowerCase();
    const address = email.trim().toLowerCase();
    const local = address.split('@')[0] ?? '';
    if (lower.includes(address) || (local.length >= 4 && lower.includes(local))) {
      return problem('contains-email', 'Password must not contain your email address');
    }
  }
  return [];
}
