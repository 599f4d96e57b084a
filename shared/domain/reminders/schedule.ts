/**
 * When the nightly reminders run: a wall-clock time in Europe/London (default 19:00), so the
 * reminder arrives at the same local time in GMT and BST. EventBridge Scheduler and the local
 * scheduler both evaluate the cron expression in that zone.
 */
export const REMINDER_TIME_ZONE = 'Europe/London';
export const DEFAULT_REMINDER_TIME = '19:00';

/** "HH:MM" (24-hour) or "HH"; throws a message naming the setting and the rule. */
export function parseReminderTime(value: string | undefined): { hour: number; minute: number } {
  const text = (value ?? '').trim() || DEFAULT_REMINDER_TIME;
  const m = /^(\d{1,2})(?::(\d{2}))?$/.exec(text);
  const hour = m ? Number(m[1]) : Number.NaN;
  const minute = m?.[2] === undefined ? 0 : Number(m[2]);
  if (!m || hour > 23 || minute > 59) {
    throw new Error(`REMINDER_TIME must be a 24-hour time such as 19:00 (Europe/London), not "${text}"`);
  }
  return { hour, minute };
}

/** EventBridge Scheduler cron expression for the reminders at `value` (REMINDER_TIME). */
export function reminderCron(value: string | undefined): string {
  const { hour, minute } = parseReminderTime(value);
  return `cron(${minute} ${hour} * * ? *)`;
}

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: REMINDER_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Europe/London (YYYY-MM-DD): what "the same day" means for the send log. */
export function londonDay(at: Date): string {
  return dayFormat.format(at);
}
