import { z } from 'zod';

/**
 * Runtime configuration, parsed once from the environment with zod. The CDK stacks set these
 * variables on every Lambda; the local runtime sets them for the in-process handlers.
 */
const DEV_LINK_SECRET = 'local-development-link-signing-secret';
const DEV_BASE_URL = 'http://localhost:3000';

const schema = z
  .object({
    STAGE: z.string().default('local'),
    AWS_REGION: z.string().default('eu-west-2'),
    TABLE_NAME: z.string().min(1),
    UPLOADS_BUCKET: z.string().min(1).default('cct-uploads'),
    DATA_BUCKET: z.string().min(1).default('cct-data'),
    USER_POOL_ID: z.string().min(1).default('local'),
    USER_POOL_CLIENT_ID: z.string().min(1).default('local'),
    /** Only set locally: endpoints of the embedded stand-ins. In the cloud the SDK defaults apply. */
    DYNAMODB_ENDPOINT: z.string().url().optional(),
    S3_ENDPOINT: z.string().url().optional(),
    COGNITO_ENDPOINT: z.string().url().optional(),
    /** 'ses' in the cloud; 'outbox' writes messages to OUTBOX_DIR (local only). */
    EMAIL_MODE: z.enum(['ses', 'outbox']).default('outbox'),
    OUTBOX_DIR: z.string().default('.data/outbox'),
    EMAIL_FROM: z.string().email().default('no-reply@care-capacity-tracker.local'),
    SES_CONFIGURATION_SET: z.string().optional(),
    /** Public base URL of the web app, used in links sent by email. */
    APP_BASE_URL: z.string().url().default(DEV_BASE_URL),
    /** Secret for signing one-click email links; from Secrets Manager in the cloud. */
    LINK_SIGNING_SECRET: z.string().min(16).default(DEV_LINK_SECRET),
    LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    /** In the cloud the secret's ARN is set instead of its value; `linkSigningSecret()` fetches it. */
    LINK_SIGNING_SECRET_ARN: z.string().optional(),
    CQC_API_KEY_SECRET_ARN: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    // The development defaults are public: outside local they must never be used.
    if (c.STAGE === 'local') return;
    if (!c.LINK_SIGNING_SECRET_ARN && c.LINK_SIGNING_SECRET === DEV_LINK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['LINK_SIGNING_SECRET_ARN'], message: 'required outside local' });
    }
    if (c.APP_BASE_URL === DEV_BASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['APP_BASE_URL'], message: 'required outside local' });
    }
    if (c.EMAIL_MODE !== 'ses') {
      ctx.addIssue({ code: 'custom', path: ['EMAIL_MODE'], message: "must be 'ses' outside local" });
    }
  });

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (cached && env === process.env) return cached;
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${detail}`);
  }
  if (env === process.env) cached = parsed.data;
  return parsed.data;
}

/** For tests and the local runtime, which set the environment after modules load. */
export function resetConfigCache(): void {
  cached = undefined;
}
