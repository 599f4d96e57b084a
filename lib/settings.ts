import type { Node } from 'constructs';
import { z } from 'zod';

/**
 * Deployment settings, read once from CDK context (`-c key=value` or cdk.json) and validated,
 * so a typo fails `cdk synth` with the field named instead of deploying something half-wired.
 */
const schema = z
  .object({
    /** Names every physical resource, so stages can share one account. */
    stage: z
      .string()
      .regex(/^[a-z][a-z0-9]{0,11}$/, 'lower-case letters and digits, starting with a letter, at most 12')
      .default('dev'),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-2')
      .default('eu-west-2'),
    /** Domain SES sends from (no-reply@<emailDomain>); verified after the first deploy. */
    emailDomain: z.hostname().default('example.com'),
    /** Custom domain for the web app; needs an ACM certificate in us-east-1 (certificateArn). */
    appDomain: z.hostname().optional(),
    certificateArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/,
        'an ACM certificate ARN in us-east-1',
      )
      .optional(),
    /**
     * Public URL of the app when there is no custom domain (the CloudFront URL printed by the
     * first deploy). It cannot be a reference: the distribution depends on the API, so the API's
     * functions cannot depend on the distribution.
     */
    appUrl: z.url({ protocol: /^https$/ }).optional(),
    /** WAF web ACL (CLOUDFRONT scope, created in us-east-1) to attach to the distribution. */
    webAclArn: z.string().startsWith('arn:').optional(),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    /**
     * Send Cognito's own mail (verification codes) through SES instead of Cognito's default sender
     * (capped at 50 a day). Cognito rejects an unverified identity, so turn it on once the SES
     * domain is verified.
     */
    cognitoEmailViaSes: z
      .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
      .default(false),
  })
  .refine((s) => (s.appDomain === undefined) === (s.certificateArn === undefined), {
    message: 'appDomain and certificateArn go together (CloudFront needs the certificate for the alias)',
    path: ['certificateArn'],
  })
  .refine((s) => s.stage !== 'prod' || s.appDomain !== undefined || s.appUrl !== undefined, {
    message:
      'prod needs appDomain (+ certificateArn) or appUrl, so email links and upload CORS name the real origin',
    path: ['appDomain'],
  });

export type SettingsInput = z.input<typeof schema>;

export interface Settings extends z.infer<typeof schema> {
  /** Prefix of every physical name: `cct-<stage>`. */
  prefix: string;
  /** Origin of the web app when it is known before deploy (custom domain or appUrl). */
  appOrigin: string | undefined;
}

const KEYS = Object.keys(schema.shape) as (keyof SettingsInput)[];

/** Reads the settings from construct context; throws naming every invalid key. */
export function readSettings(node: Node): Settings {
  const raw: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value: unknown = node.tryGetContext(key);
    if (value !== undefined && value !== '') raw[key] = value;
  }
  return parseSettings(raw);
}

export function parseSettings(raw: Record<string, unknown>): Settings {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.join('.') || 'context'}: ${i.message}`)
      .join('; ');
    throw new Error(`Invalid CDK context: ${detail}`);
  }
  const s = parsed.data;
  const appOrigin = s.appDomain ? `https://${s.appDomain}` : s.appUrl ? new URL(s.appUrl).origin : undefined;
  return { ...s, prefix: `cct-${s.stage}`, appOrigin };
}
