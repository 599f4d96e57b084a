import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { type RunningService, type ServiceOptions, startService } from '../../local/service';
import { resetAwsClients } from '../../shared/infra/aws';
import { resetConfigCache } from '../../shared/infra/config';
import { ensureTable } from '../../shared/infra/table-admin';

/** The whole local service (API host, S3 bridge, Cognito emulator) on the run's DynamoDB Local, with its own table. */
export async function startTestService(opts: Partial<ServiceOptions> = {}): Promise<RunningService> {
  return startService({
    inMemory: true,
    port: 0,
    s3Port: 0,
    cognitoPort: 0,
    quiet: true,
    scheduler: false,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `t-${randomUUID().slice(0, 8)}`,
    ...opts,
  });
}

/**
 * Only a fresh table on the run's DynamoDB Local, for repository and use-case tests that need no
 * HTTP. Sets the environment the app's config reads.
 */
export async function useTestTable(
  prefix = 't',
): Promise<{ tableName: string; ddb: DynamoDBDocumentClient }> {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  resetConfigCache();
  resetAwsClients();
  const raw = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(raw, tableName);
  return {
    tableName,
    ddb: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
  };
}

/** Signs in through the Cognito emulator like the web app does; returns the access token. */
export async function signIn(svc: RunningService, email: string, password: string): Promise<string> {
  const res = await fetch(svc.env.COGNITO_ENDPOINT ?? '', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: svc.env.USER_POOL_CLIENT_ID,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  });
  const body = (await res.json()) as { AuthenticationResult?: { AccessToken?: string }; message?: string };
  const token = body.AuthenticationResult?.AccessToken;
  if (!token) throw new Error(`sign-in failed for ${email}: ${res.status} ${body.message ?? ''}`);
  return token;
}

/** Calls the local API with an optional bearer token. */
export async function api(
  svc: RunningService,
  path: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${svc.url}${path}`, { method: init.method ?? 'GET', headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
