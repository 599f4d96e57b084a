import { principalStore } from '../../infra/accounts-repository';
import { awsClients } from '../../infra/aws';
import { emailSender } from '../../infra/email';
import { logger } from '../../infra/logger';
import { remindersStore } from '../../infra/reminders-repository';
import { linkSigningSecret } from '../../infra/secrets';
import type { ScheduledJobEvent } from '../../wiring/definitions';
import { bedStateService } from '../bed-state';
import { confirmFromLink } from './confirm';
import { type ReminderJobSummary, runReminderJob } from './job';
import { recordSesEvents } from './ses-events';

/** The reminders wired to the configuration in force when called (not at module load). */
export async function runRemindersNow(event?: Partial<ScheduledJobEvent>): Promise<ReminderJobSummary> {
  const { config } = awsClients();
  const secret = await linkSigningSecret(config);
  const summary = await runReminderJob({
    store: remindersStore(),
    sender: emailSender(config),
    linkSecret: secret,
    appBaseUrl: config.APP_BASE_URL,
    log: (message, detail) => logger.warn(message, detail ?? {}),
    // The scheduled time decides "today" for the send log, so a retried delivery is the same day.
    ...(event?.time && !Number.isNaN(Date.parse(event.time)) ? { now: fixedThenReal(event.time) } : {}),
  });
  logger.info('reminders', { ...summary });
  return summary;
}

/** The scheduled time first (it decides the day), the real clock after. */
function fixedThenReal(time: string): () => Date {
  let first = true;
  return () => {
    if (first) {
      first = false;
      return new Date(time);
    }
    return new Date();
  };
}

export async function confirmLinkNow(token: string) {
  const { config } = awsClients();
  return confirmFromLink(token, {
    store: remindersStore(),
    principals: principalStore(),
    bedState: bedStateService(),
    linkSecret: await linkSigningSecret(config),
  });
}

export function recordSesEventsNow(event: unknown) {
  return recordSesEvents(event, remindersStore());
}
