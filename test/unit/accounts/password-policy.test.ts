import { describe, expect, it } from 'vitest';
import {
  isCommonPassword,
  isRepetitiveOrSequential,
  PASSWORD_MIN_LENGTH,
  passwordProblems,
} from '../../../shared/app/accounts/password-policy';

const rules = (password: string, email?: string) => passwordProblems(password, email).map((p) => p.rule);

describe('password policy (length and block-list, no composition rules)', () => {
  it('refuses passwords shorter than 12 characters and accepts 12', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(rules('')).toEqual(['required']);
    expect(rules('tree-lamp-a')).toEqual(['too-short']);
    expect(rules('tree-lamp-ab')).toEqual([]);
  });

  it('needs no digits, capitals or symbols', () => {
    expect(rules('purple elephants dance')).toEqual([]);
  });

  it('refuses common passwords, case-insensitively, and common ones padded with digits or symbols', () => {
    for (const p of [
      'qwertyuiop12',
      'QWERTY123456',
      '1qaz2wsx3edc',
      'password1234',
      'Monkey2024!!',
      '!!!iloveyou!!',
    ]) {
      expect(isCommonPassword(p), p).toBe(true);
      expect(rules(p), p).toEqual(['common-password']);
    }
    expect(isCommonPassword('wobbly giraffe kettle')).toBe(false);
  });

  it('refuses repeated and sequential patterns', () => {
    for (const p of ['zzzzzzzzzzzz', 'abcabcabcabc', '890123456789', 'ponmlkjihgfe']) {
      expect(isRepetitiveOrSequential(p), p).toBe(true);
    }
    expect(isRepetitiveOrSequential('abcabcabcabd')).toBe(false);
  });

  it('refuses passwords containing the email address or its name part', () => {
    expect(rules('jane.smith-rules-ok', 'Jane.Smith@example.nhs.uk')).toEqual(['contains-email']);
    expect(rules('violet harbour lanterns', 'jane.smith@example.nhs.uk')).toEqual([]);
  });

  it('refuses leading or trailing spaces (Cognito would) and over-long passwords', () => {
    expect(rules(' violet harbour lanterns')).toEqual(['surrounding-space']);
    expect(rules('x'.repeat(257))).toEqual(['too-long']);
  });

  it('names the field and says why', () => {
    expect(passwordProblems('short')).toEqual([
      { field: 'password', rule: 'too-short', message: 'Password must be at least 12 characters long' },
    ]);
  });
});
