import { functions, schedules } from '../shared/wiring/definitions';
import { nextRuns } from './cron';
import { invoke } from './lambda';

/** Runs the same schedule definitions the stack gives EventBridge Scheduler, in-process. */
export function startScheduler(root: string, log: (msg: string) => void): { stop(): void } {
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  for (const s of schedules) {
    const arm = () => {
      if (stopped) return;
      const [next] = nextRuns(s.cron, s.timezone, new Date());
      if (!next) return;
      // setTimeout cannot wait longer than ~24.8 days; re-arm in steps.
      const delay = Math.min(next.getTime() - Date.now(), 2 ** 31 - 1);
      const timer = setTimeout(async () => {
        if (Date.now() >= next.getTime() - 1000) {
          try {
            await runJob(root, s.name, next);
            log(`job ${s.name} ran`);
          } catch (e) {
            log(`job ${s.name} failed: ${(e as Error).message}`);
          }
        }
        arm();
      }, delay);
      timer.unref();
      timers.push(timer);
    };
    arm();
  }
  return {
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
    },
  };
}

export async function runJob(root: string, name: string, time = new Date()): Promise<unknown> {
  const s = schedules.find((x) => x.name === name);
  if (!s) {
    const known = schedules.map((x) => x.name).join(', ') || '(none)';
    throw new Error(`Unknown job "${name}". Jobs: ${known}`);
  }
  return invoke(root, functions[s.fn], s.fn, { job: s.name, time: time.toISOString() });
}
