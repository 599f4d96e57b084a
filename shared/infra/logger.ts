import { Logger, LogLevelThreshold } from '@aws-lambda-powertools/logger';

/** One logger for every handler; correlation ids are appended per request by the HTTP pipeline. */
export const logger = new Logger({
  serviceName: 'care-capacity-tracker',
  logLevel: (process.env.LOG_LEVEL as 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT' | undefined) ?? 'INFO',
});

/**
 * Whether INFO lines are written now. Per-request lines check it first: below the level, the logger
 * would still read the environment (X-Ray trace id) and the caller build the line's attributes.
 */
export function logsInfo(): boolean {
  return logger.level <= LogLevelThreshold.INFO;
}
