/**
 * EventBridge Scheduler cron expressions evaluated in an IANA time zone, for the local scheduler.
 * Matching wall-clock fields minute by minute makes clock changes behave as the cloud's do: a time
 * that does not exist on the spring-forward day is skipped, and one that occurs twice in autumn runs once.
 */
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

export interface CronSpec {
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number> | 'any';
  months: Set<number>;
  /** 1 = Sunday ... 7 = Saturday, as EventBridge numbers them. */
  daysOfWeek: Set<number> | 'any';
  years: Set<number> | 'any';
}

export function parseCron(expression: string): CronSpec {
  const m = /^cron\((.+)\)$/.exec(expression.trim());
  if (!m?.[1]) throw new Error(`Not a cron expression: ${expression}`);
  const parts = m[1].trim().split(/\s+/);
  if (parts.length !== 6) throw new Error(`A cron expression has 6 fields: ${expression}`);
  const [min, hour, dom, mon, dow, year] = parts as [string, string, string, string, string, string];
  return {
    minutes: field(min, 0, 59),
    hours: field(hour, 0, 23),
    daysOfMonth: dom === '?' ? 'any' : field(dom, 1, 31),
    months: field(mon, 1, 12, MONTH_NAMES, 1),
    daysOfWeek: dow === '?' ? 'any' : field(dow, 1, 7, DAY_NAMES, 1),
    years: year === '*' ? 'any' : field(year, 1970, 2199),
  };
}

function field(expr: string, min: number, max: number, names?: string[], nameBase = 0): Set<number> {
  const out = new Set<number>();
  const value = (s: string): number => {
    const idx = names?.indexOf(s.toUpperCase()) ?? -1;
    const n = idx >= 0 ? idx + nameBase : Number(s);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`Cron value ${s} is outside ${min}-${max}`);
    return n;
  };
  for (const part of expr.split(',')) {
    const [range = '*', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`Bad cron step in ${expr}`);
    let lo = min;
    let hi = max;
    if (range !== '*' && range !== '?') {
      const [a, b] = range.split('-');
      lo = value(a ?? '');
      hi = b === undefined ? (stepText === undefined ? lo : max) : value(b);
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 1 = Sunday ... 7 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function wallClock(date: Date, timeZone: string): WallClock {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(date)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: DAY_NAMES.indexOf((parts.weekday ?? '').toUpperCase().slice(0, 3)) + 1,
  };
}

export function cronMatches(spec: CronSpec, date: Date, timeZone: string): boolean {
  const w = wallClock(date, timeZone);
  return (
    spec.minutes.has(w.minute) &&
    spec.hours.has(w.hour) &&
    spec.months.has(w.month) &&
    (spec.daysOfMonth === 'any' || spec.daysOfMonth.has(w.day)) &&
    (spec.daysOfWeek === 'any' || spec.daysOfWeek.has(w.weekday)) &&
    (spec.years === 'any' || spec.years.has(w.year))
  );
}

/**
 * The next UTC instants (minute resolution) after `from` at which the expression fires. A wall-clock
 * time repeated by the autumn change fires only at its first occurrence.
 */
export function nextRuns(
  expression: string,
  timeZone: string,
  from: Date,
  count = 1,
  horizonDays = 400,
): Date[] {
  const spec = parseCron(expression);
  const out: Date[] = [];
  let t = Math.floor(from.getTime() / 60_000) * 60_000 + 60_000;
  const end = from.getTime() + horizonDays * 86_400_000;
  let lastKey = '';
  while (out.length < count && t <= end) {
    const d = new Date(t);
    if (cronMatches(spec, d, timeZone)) {
      const w = wallClock(d, timeZone);
      const key = `${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute}`;
      if (key !== lastKey) out.push(d);
      lastKey = key;
    }
    t += 60_000;
  }
  return out;
}
