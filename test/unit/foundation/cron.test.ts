import { describe, expect, it } from 'vitest';
import { cronMatches, nextRuns, parseCron } from '../../../local/cron';
import { matchPath } from '../../../shared/wiring/definitions';

describe('EventBridge cron in Europe/London', () => {
  it('runs a 02:30 job at 01:30 UTC in summer and 02:30 UTC in winter', () => {
    const [summer] = nextRuns('cron(30 2 * * ? *)', 'Europe/London', new Date('2026-07-01T00:00:00Z'));
    const [winter] = nextRuns('cron(30 2 * * ? *)', 'Europe/London', new Date('2026-12-01T00:00:00Z'));
    expect(summer?.toISOString()).toBe('2026-07-01T01:30:00.000Z');
    expect(winter?.toISOString()).toBe('2026-12-01T02:30:00.000Z');
  });

  it('skips a wall-clock time that does not exist on the spring-forward day', () => {
    // 29 March 2026: clocks go from 01:00 to 02:00, so 01:30 London never happens that day.
    const runs = nextRuns('cron(30 1 * * ? *)', 'Europe/London', new Date('2026-03-28T12:00:00Z'), 2);
    expect(runs.map((d) => d.toISOString())).toEqual([
      '2026-03-30T00:30:00.000Z',
      '2026-03-31T00:30:00.000Z',
    ]);
  });

  it('runs once when the autumn change repeats the hour', () => {
    // 25 October 2026: 01:00-02:00 London happens twice.
    const runs = nextRuns('cron(30 1 * * ? *)', 'Europe/London', new Date('2026-10-24T12:00:00Z'), 2);
    expect(runs.map((d) => d.toISOString())).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('understands day names, lists, ranges and steps', () => {
    const spec = parseCron('cron(0/15 9-17 ? * MON-FRI *)');
    expect(cronMatches(spec, new Date('2026-11-23T09:45:00Z'), 'UTC')).toBe(true); // Monday
    expect(cronMatches(spec, new Date('2026-11-22T09:45:00Z'), 'UTC')).toBe(false); // Sunday
    expect(cronMatches(spec, new Date('2026-11-23T09:50:00Z'), 'UTC')).toBe(false);
    expect(() => parseCron('cron(61 * * * ? *)')).toThrow(/outside/);
    expect(() => parseCron('rate(1 day)')).toThrow(/Not a cron/);
  });
});

describe('API Gateway path templates', () => {
  it('extracts parameters and greedy paths', () => {
    expect(matchPath('/api/homes/{locationId}', '/api/homes/1-123')).toEqual({ locationId: '1-123' });
    expect(matchPath('/api/homes/{locationId}', '/api/homes/')).toBeUndefined();
    expect(matchPath('/api/homes/{locationId}', '/api/homes/1/history')).toBeUndefined();
    expect(matchPath('/api/{proxy+}', '/api/a/b/c')).toEqual({ proxy: 'a/b/c' });
  });
});
