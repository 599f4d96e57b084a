import { describe, expect, it } from 'vitest';
import { alertsInForce, parseExpiry, validateAlertInput } from '../../../shared/domain/alerts';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const rules = (body: unknown) => {
  const r = validateAlertInput(body, NOW);
  return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.rule}`);
};

describe('validateAlertInput', () => {
  it('accepts trimmed text, a category and an optional future expiry', () => {
    expect(
      validateAlertInput({ text: '  Closed to admissions  ', category: 'admissions-paused' }, NOW),
    ).toEqual({
      ok: true,
      value: { text: 'Closed to admissions', category: 'admissions-paused' },
    });
    const r = validateAlertInput({ text: 'x', category: 'other', expiresAt: '2026-11-23' }, NOW);
    // Today is allowed: the alert runs to midnight UK time (GMT in November).
    expect(r).toEqual({
      ok: true,
      value: { text: 'x', category: 'other', expiresAt: '2026-11-24T00:00:00.000Z' },
    });
  });

  it('names the field and the rule of each problem', () => {
    expect(rules({ text: '', category: 'other' })).toEqual(['text:required']);
    expect(rules({ text: 'a'.repeat(501), category: 'other' })).toEqual(['text:max-length']);
    expect(rules({ text: 'a'.repeat(500), category: 'other' })).toEqual([]);
    expect(rules({ text: '😀'.repeat(500), category: 'other' })).toEqual([]);
    expect(rules({ text: 'tab\there', category: 'other' })).toEqual(['text:no-control-characters']);
    expect(rules({ text: 'nul\u0000', category: 'other' })).toEqual(['text:no-control-characters']);
    expect(rules({ text: 'ok', category: 'Safeguarding' })).toEqual(['category:one-of']);
    expect(rules({ text: 42 })).toEqual(['text:required', 'category:required']);
    expect(rules({ text: 'ok', category: 'other', expiresAt: '2026-11-22' })).toEqual(['expiresAt:future']);
    expect(rules({ text: 'ok', category: 'other', expiresAt: '2026-11-23T11:59:59Z' })).toEqual([
      'expiresAt:future',
    ]);
    expect(rules({ text: 'ok', category: 'other', expiresAt: '2026-13-01' })).toEqual(['expiresAt:iso-date']);
    expect(rules({ text: 'ok', category: 'other', expiresAt: '2026-12-01T10:00' })).toEqual([
      'expiresAt:iso-date',
    ]);
    expect(rules({ text: 'ok', category: 'other', expiresAt: '2028-01-01' })).toEqual([
      'expiresAt:max-expiry',
    ]);
    expect(rules({ text: 'ok', category: 'other', extra: 1 })).toEqual(['extra:unknown-field']);
    expect(rules(['not', 'an', 'object'])).toEqual(['(body):object']);
  });
});

describe('parseExpiry', () => {
  it('ends a date at midnight UK time, in summer time too', () => {
    expect(parseExpiry('2027-07-15')?.toISOString()).toBe('2027-07-15T23:00:00.000Z');
    expect(parseExpiry('2027-01-15')?.toISOString()).toBe('2027-01-16T00:00:00.000Z');
    // The day the clocks go forward (28 March 2027): the next midnight is already BST.
    expect(parseExpiry('2027-03-28')?.toISOString()).toBe('2027-03-28T23:00:00.000Z');
    expect(parseExpiry('2027-02-29')).toBeUndefined();
  });
});

describe('alertsInForce', () => {
  it('keeps alerts without expiry and those expiring later than now', () => {
    const alerts = [
      { id: 'a' },
      { id: 'b', expiresAt: '2026-11-23T12:00:00.000Z' },
      { id: 'c', expiresAt: '2026-11-23T12:00:00.001Z' },
    ];
    expect(alertsInForce(alerts, NOW).map((a) => a.id)).toEqual(['a', 'c']);
  });
});
