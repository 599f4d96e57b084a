import { Logger } from '@aws-lambda-powertools/logger';

/** One logger for every handler; correlation ids are appended per request by the HTTP pipeline. */
export const logger = new Logger({
  serviceName: 'care-capacity-tracker',
  logLevel: (process.env.LOG_LEVEL as 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT' | undefined) ?? 'INFO',
});
