import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { awsClients } from './aws';
import type { Config } from './config';
import { loadConfig } from './config';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** What kind of message, for the outbox listing and tests (e.g. 'reminder', 'bulk-result'). */
  kind: string;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<{ messageId: string }>;
}

/** Local stand-in for SES: every message becomes a JSON file under OUTBOX_DIR, listed at /dev/outbox. */
export class OutboxEmailSender implements EmailSender {
  constructor(
    private readonly dir: string,
    private readonly from: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    await mkdir(this.dir, { recursive: true });
    const sentAt = this.now().toISOString();
    const messageId = `${sentAt.replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
    await writeFile(
      join(this.dir, `${messageId}.json`),
      JSON.stringify({ messageId, sentAt, from: this.from, ...message }, null, 2),
    );
    return { messageId };
  }
}

export class SesEmailSender implements EmailSender {
  constructor(private readonly config: Config) {}

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    const { ses } = awsClients(this.config);
    const out = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.config.EMAIL_FROM,
        Destination: { ToAddresses: [message.to] },
        ConfigurationSetName: this.config.SES_CONFIGURATION_SET,
        EmailTags: [{ Name: 'kind', Value: message.kind.replace(/[^A-Za-z0-9_-]/g, '_') }],
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: message.text, Charset: 'UTF-8' },
              Html: { Data: message.html, Charset: 'UTF-8' },
            },
          },
        },
      }),
    );
    return { messageId: out.MessageId ?? 'unknown' };
  }
}

export function emailSender(config: Config = loadConfig()): EmailSender {
  return config.EMAIL_MODE === 'ses'
    ? new SesEmailSender(config)
    : new OutboxEmailSender(config.OUTBOX_DIR, config.EMAIL_FROM);
}
