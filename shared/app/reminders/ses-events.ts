import { z } from 'zod';
import type { EmailEventRecord, RemindersStore } from './ports';

/**
 * SES event publishing (configuration set -> SNS topic -> this handler): bounces, complaints and
 * rejects are recorded per address; permanent bounces and complaints also suppress the address,
 * so the reminders job stops writing to it. SES's account-level suppression list still applies
 * (the configuration set turns it on); this record is ours, so the job can skip before sending and
 * operators can see why someone gets no reminders.
 */
const recipient = z.object({ emailAddress: z.string().min(3).max(320) });
const sesEvent = z.object({
  eventType: z.string(),
  mail: z.object({ messageId: z.string().optional(), timestamp: z.string().optional() }).partial().optional(),
  bounce: z
    .object({
      bounceType: z.string().optional(),
      bounceSubType: z.string().optional(),
      bouncedRecipients: z.array(recipient).default([]),
      timestamp: z.string().optional(),
    })
    .optional(),
  complaint: z
    .object({
      complainedRecipients: z.array(recipient).default([]),
      complaintFeedbackType: z.string().optional(),
      timestamp: z.string().optional(),
    })
    .optional(),
  reject: z.object({ reason: z.string().optional() }).optional(),
});

const snsEvent = z.object({
  Records: z.array(z.object({ Sns: z.object({ Message: z.string(), Timestamp: z.string().optional() }) })),
});

export function emailEventsFrom(message: unknown, fallbackAt: string): EmailEventRecord[] {
  const parsed = sesEvent.safeParse(message);
  if (!parsed.success) return [];
  const e = parsed.data;
  const messageId = e.mail?.messageId;
  const type = e.eventType.toLowerCase();
  if (type === 'bounce' && e.bounce) {
    const permanent = e.bounce.bounceType === 'Permanent';
    return e.bounce.bouncedRecipients.map((r) => ({
      email: r.emailAddress,
      type: 'bounce' as const,
      subType: e.bounce?.bounceType,
      at: e.bounce?.timestamp ?? fallbackAt,
      messageId,
      suppress: permanent,
    }));
  }
  if (type === 'complaint' && e.complaint) {
    return e.complaint.complainedRecipients.map((r) => ({
      email: r.emailAddress,
      type: 'complaint' as const,
      subType: e.complaint?.complaintFeedbackType,
      at: e.complaint?.timestamp ?? fallbackAt,
      messageId,
      suppress: true,
    }));
  }
  return [];
}

export interface SesEventsResult {
  recorded: number;
  ignored: number;
}

/** Handles an SNS event of SES notifications. Messages that are not SES events are counted, not thrown. */
export async function recordSesEvents(
  event: unknown,
  store: RemindersStore,
  now: () => Date = () => new Date(),
): Promise<SesEventsResult> {
  const parsed = snsEvent.safeParse(event);
  if (!parsed.success) return { recorded: 0, ignored: 1 };
  let recorded = 0;
  let ignored = 0;
  for (const record of parsed.data.Records) {
    let message: unknown;
    try {
      message = JSON.parse(record.Sns.Message);
    } catch {
      ignored += 1;
      continue;
    }
    const events = emailEventsFrom(message, record.Sns.Timestamp ?? now().toISOString());
    if (events.length === 0) ignored += 1;
    for (const e of events) {
      await store.recordEmailEvent(e);
      recorded += 1;
    }
  }
  return { recorded, ignored };
}
