import { runRemindersNow } from '../../shared/app/reminders/container';
import type { ScheduledJobEvent } from '../../shared/wiring/definitions';

/** EventBridge Scheduler (nightly, Europe/London) and `npm run job -- reminders`. */
export const handler = async (event: Partial<ScheduledJobEvent> = {}) => runRemindersNow(event);
