/**
 * Local authority alerts on care homes: the rules for what an officer may enter, and which alerts
 * are in force. Pure: the use case (shared/app/alerts) stores them on the HOME item.
 */

export const ALERT_CATEGORIES = [
  'safeguarding',
  'infection-control',
  'quality-concern',
  'admissions-paused',
  'other',
] as const;
export type AlertCategory = (typeof ALERT_CATEGORIES)[number];

export const ALERT_CATEGORY_LABELS: Record<AlertCategory, string> = {
  safeguarding: 'Safeguarding',
  'infection-control': 'Infection control (outbreak)',
  'quality-concern': 'Quality concern',
  'admissions-paused': 'Admissions paused',
  other: 'Other',
};

export function isAlertCategory(value: unknown): value is AlertCategory {
  return typeof value === 'string' && (ALERT_CATEGORIES as readonly string[]).includes(value);
}

export function alertCategoryLabel(value: string | undefined): string {
  return isAlertCategory(value) ? ALERT_CATEGORY_LABELS[value] : 'Alert';
}

export const ALERT_TEXT_MAX = 500;
/** Alerts in force on one home at once: keeps the HOME item (and every search result) small. */
export const MAX_ACTIVE_ALERTS = 20;
/** How far ahead an expiry may be set. */
export const MAX_EXPIRY_DAYS = 366;

export interface AlertActor {
  sub: string;
  email: string;
}

/** An alert as stored on the HOME item (`alerts`); search reads id, text, category and expiresAt. */
export interface StoredAlert {
  id: string;
  text: string;
  category: AlertCategory;
  /** ISO instant; absent: in force until removed. */
  expiresAt?: string;
  createdAt: string;
  createdBy: AlertActor;
  /** The local authority the officer acted for (org id), or 'national:england' for an admin. */
  createdFor?: string;
}

export interface AlertInput {
  text: string;
  category: AlertCategory;
  expiresAt?: string;
}

export interface AlertFieldError {
  field: string;
  rule: string;
  message: string;
}

export type AlertValidation = { ok: true; value: AlertInput } | { ok: false; errors: AlertFieldError[] };

// C0 and C1 control characters (tab and line breaks included: an alert is one paragraph).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const FIELDS = new Set(['text', 'category', 'expiresAt']);

/**
 * Checks an alert as an officer entered it. `expiresAt` is an ISO date (the alert runs to the end
 * of that day, UK time) or an ISO instant with a time zone; either way it must be in the future.
 */
export function validateAlertInput(raw: unknown, now: Date): AlertValidation {
  const errors: AlertFieldError[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      ok: false,
      errors: [{ field: '(body)', rule: 'object', message: 'The request body must be a JSON object' }],
    };
  }
  const body = raw as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (!FIELDS.has(key))
      errors.push({ field: key, rule: 'unknown-field', message: `${key} is not a recognised field` });
  }

  let text = '';
  if (typeof body.text !== 'string') {
    errors.push({
      field: 'text',
      rule: 'required',
      message: 'text: enter the alert text',
    });
  } else {
    text = body.text.trim();
    const length = [...text].length;
    if (length === 0) {
      errors.push({ field: 'text', rule: 'required', message: 'text: enter the alert text' });
    } else if (length > ALERT_TEXT_MAX) {
      errors.push({
        field: 'text',
        rule: 'max-length',
        message: `text: alert text must be ${ALERT_TEXT_MAX} characters or fewer (it has ${length})`,
      });
    } else if (CONTROL.test(text)) {
      errors.push({
        field: 'text',
        rule: 'no-control-characters',
        message: 'text: alert text must be one paragraph without tabs, line breaks or control characters',
      });
    }
  }

  let category: AlertCategory = 'other';
  if (body.category === undefined || body.category === null || body.category === '') {
    errors.push({ field: 'category', rule: 'required', message: 'category: choose a category' });
  } else if (!isAlertCategory(body.category)) {
    errors.push({
      field: 'category',
      rule: 'one-of',
      message: `category: must be one of ${ALERT_CATEGORIES.join(', ')}`,
    });
  } else {
    category = body.category;
  }

  let expiresAt: string | undefined;
  if (body.expiresAt !== undefined && body.expiresAt !== null && body.expiresAt !== '') {
    const instant = typeof body.expiresAt === 'string' ? parseExpiry(body.expiresAt) : undefined;
    if (!instant) {
      errors.push({
        field: 'expiresAt',
        rule: 'iso-date',
        message: 'expiresAt: must be a real date, like 2026-12-31',
      });
    } else if (instant.getTime() <= now.getTime()) {
      errors.push({
        field: 'expiresAt',
        rule: 'future',
        message: 'expiresAt: the expiry date must be in the future',
      });
    } else if (instant.getTime() - now.getTime() > MAX_EXPIRY_DAYS * 86_400_000) {
      errors.push({
        field: 'expiresAt',
        rule: 'max-expiry',
        message: `expiresAt: the expiry date must be within ${MAX_EXPIRY_DAYS} days`,
      });
    } else {
      expiresAt = instant.toISOString();
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { text, category, ...(expiresAt ? { expiresAt } : {}) } };
}

/** A date runs to the end of that day in England (the first instant of the next day, London time). */
export function parseExpiry(value: string): Date | undefined {
  const date = DATE_ONLY.exec(value);
  if (date) {
    const [, y, m, d] = date;
    const year = Number(y);
    const month = Number(m);
    const day = Number(d);
    const utc = new Date(Date.UTC(year, month - 1, day));
    if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day)
      return undefined;
    return londonMidnight(year, month - 1, day + 1);
  }
  if (!INSTANT.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/** 00:00 Europe/London on the given calendar day (month 0-based; day may overflow into the next month). */
function londonMidnight(year: number, month: number, day: number): Date {
  const guess = new Date(Date.UTC(year, month, day));
  // London is UTC+0 or UTC+1; midnight never falls in a clock change (they happen at 01:00 UTC).
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(
      guess,
    ),
  );
  return hour === 1 ? new Date(guess.getTime() - 3_600_000) : guess;
}

/** Alerts in force at `now`: no expiry, or an expiry still ahead. */
export function alertsInForce<A extends { expiresAt?: string }>(alerts: readonly A[], now: Date): A[] {
  return alerts.filter((a) => !a.expiresAt || Date.parse(a.expiresAt) > now.getTime());
}
