import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Config, loadConfig } from './config';

/**
 * SDK clients built once per container from the parsed config. Locally the endpoints point at the
 * embedded stand-ins; in the cloud they are unset and the SDK defaults apply.
 */
const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface AwsClients {
  config: Config;
  ddb: DynamoDBDocumentClient;
  s3: S3Client;
  cognito: CognitoIdentityProviderClient;
  ses: SESv2Client;
}

let cached: AwsClients | undefined;

export function awsClients(config: Config = loadConfig()): AwsClients {
  if (cached && cached.config === config) return cached;
  const region = config.AWS_REGION;
  const raw = new DynamoDBClient({
    region,
    ...(config.DYNAMODB_ENDPOINT
      ? { endpoint: config.DYNAMODB_ENDPOINT, credentials: localCredentials }
      : {}),
    maxAttempts: 3,
  });
  // The SDK's logger middleware copies every request and response through its sensitive-data filter
  // (a walk of every item returned) even with no logger configured, only to hand it to a no-op logger.
  // We log requests ourselves (shared/infra/logger), so it is taken out of the hot path.
  raw.middlewareStack.remove('loggerMiddleware');
  const ddb = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  const s3 = new S3Client({
    region,
    // Without this, streamed uploads are stored corrupted by S3 emulators and presigned PUTs fail on real S3.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(config.S3_ENDPOINT
      ? { endpoint: config.S3_ENDPOINT, forcePathStyle: true, credentials: localCredentials }
      : {}),
  });
  const cognito = new CognitoIdentityProviderClient({
    region,
    ...(config.COGNITO_ENDPOINT ? { endpoint: config.COGNITO_ENDPOINT, credentials: localCredentials } : {}),
  });
  const ses = new SESv2Client({ region });
  cached = { config, ddb, s3, cognito, ses };
  return cached;
}

export function resetAwsClients(): void {
  cached = undefined;
}
