import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS_TEXT } from '../../../shared/app/accounts/common-passwords';
import { generate, selectCommonPasswords } from '../../../shared/app/accounts/common-passwords.generate';

describe('common password list', () => {
  it('is exactly what the generator makes from @zxcvbn-ts/language-common', () => {
    const file = readFileSync(
      new URL('../../../shared/app/accounts/common-passwords.ts', import.meta.url),
      'utf8',
    );
    expect(file, 'run npx tsx shared/app/accounts/common-passwords.generate.ts').toBe(generate());
  });

  it('holds the 10,000 most common passwords plus every listed one of 12+ characters', () => {
    const list = COMMON_PASSWORDS_TEXT.split('\n');
    expect(list.length).toBeGreaterThan(10_000);
    expect(list.slice(0, 3)).toEqual(['123456', 'password', '12345678']);
    expect(list).toContain('1qaz2wsx3edc');
    expect(new Set(list).size).toBe(list.length);
  });

  it('selects by rank and length', () => {
    const ranked = Array.from({ length: 10_002 }, (_, i) => `pw${i}`);
    ranked.push('a-long-one-of-13');
    expect(selectCommonPasswords(ranked)).toEqual([...ranked.slice(0, 10_000), 'a-long-one-of-13']);
  });
});
