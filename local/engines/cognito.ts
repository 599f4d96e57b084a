import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * cognito-local, assembled the way its own createDefaultServer does, but with our data directory,
 * port and issuer, and a message sender that drops verification and reset codes into the email
 * outbox (so people and tests read them at /dev/outbox, as they would read their inbox).
 */
const require = createRequire(import.meta.url);

interface CognitoMessage {
  __code?: string;
  emailSubject?: string;
  emailMessage?: string;
  smsMessage?: string;
}

export interface CognitoEngine {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export async function startCognito(opts: {
  port: number;
  dataDir: string;
  outboxDir: string;
}): Promise<CognitoEngine> {
  const lib = 'cognito-local/lib';
  const { DateClock, TriggersService, LambdaService, MessagesService } = require(`${lib}/services`);
  const { CognitoServiceFactoryImpl } = require(`${lib}/services/cognitoService`);
  const { StormDBDataStoreFactory } = require(`${lib}/services/dataStore/stormDb`);
  const { MessageDeliveryService } = require(`${lib}/services/messageDelivery/messageDelivery`);
  const { otp } = require(`${lib}/services/otp`);
  const { JwtTokenGenerator } = require(`${lib}/services/tokenGenerator`);
  const { UserPoolServiceFactoryImpl } = require(`${lib}/services/userPoolService`);
  const { Router } = require(`${lib}/server/Router`);
  const { createServer } = require(`${lib}/server/server`);
  const pino = require('pino');

  const logger = pino({ level: process.env.COGNITO_DEBUG ? 'debug' : 'silent' });
  const ctx = { logger };
  const dataDirectory = join(opts.dataDir, 'db');
  await mkdir(dataDirectory, { recursive: true });
  const issuerDomain = `http://localhost:${opts.port}`;
  const config = {
    TriggerFunctions: {},
    UserPoolDefaults: { UsernameAttributes: ['email'] },
    TokenConfig: { IssuerDomain: issuerDomain },
    ServerConfig: { port: opts.port, hostname: '127.0.0.1', development: false, https: false },
  };
  const clock = new DateClock();
  const dataStoreFactory = new StormDBDataStoreFactory(dataDirectory);
  const cognitoServiceFactory = new CognitoServiceFactoryImpl(
    dataDirectory,
    dataStoreFactory,
    new UserPoolServiceFactoryImpl(clock, dataStoreFactory),
  );
  const cognitoClient = await cognitoServiceFactory.create(ctx, config.UserPoolDefaults);
  // No Lambda triggers are configured, so neither the Lambda client nor the KMS crypto service is ever
  // called. cognito-local's own ones load the v2 AWS SDK, which requires node:domain, and that patches
  // EventEmitter.prototype.emit for the whole process (the API host runs here too): measured at about
  // 5% of the service's CPU under load. Stand-ins that refuse keep both out.
  const notConfigured = () => {
    throw new Error('cognito-local: Lambda triggers are not configured');
  };
  const triggers = new TriggersService(
    clock,
    cognitoClient,
    new LambdaService(config.TriggerFunctions, { invoke: notConfigured }),
    { encrypt: notConfigured },
  );
  const outboxSender = {
    async sendEmail(_ctx: unknown, user: { Username: string }, destination: string, message: CognitoMessage) {
      await writeOutbox(opts.outboxDir, destination, user.Username, message);
    },
    async sendSms(_ctx: unknown, user: { Username: string }, destination: string, message: CognitoMessage) {
      await writeOutbox(opts.outboxDir, destination, user.Username, message);
    },
  };
  const services = {
    clock,
    cognito: cognitoClient,
    config,
    messages: new MessagesService(triggers, new MessageDeliveryService(outboxSender)),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, config.TokenConfig),
    triggers,
  };
  const server = createServer(Router(services), logger, config.ServerConfig, services);
  const http: Server = await server.start();
  return {
    endpoint: issuerDomain,
    port: opts.port,
    stop: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections?.();
        http.close(() => resolve());
      }),
  };
}

async function writeOutbox(
  dir: string,
  to: string,
  username: string,
  message: CognitoMessage,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const sentAt = new Date().toISOString();
  const messageId = `${sentAt.replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  const code = message.__code ?? '';
  const subject = message.emailSubject ?? 'Your Care Capacity Tracker code';
  const text = message.emailMessage ?? `Your code is ${code}`;
  await writeFile(
    join(dir, `${messageId}.json`),
    JSON.stringify(
      {
        messageId,
        sentAt,
        from: 'cognito@care-capacity-tracker.local',
        to,
        kind: 'cognito-code',
        subject,
        text: `${text}\n\nCode: ${code}`,
        html: `<p>${escapeHtml(text)}</p><p>Code: <strong>${escapeHtml(code)}</strong></p>`,
        code,
        username,
      },
      null,
      2,
    ),
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
