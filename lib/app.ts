import { type App, Tags } from 'aws-cdk-lib';
import type { Settings } from './settings';
import { ApiStack } from './stacks/api-stack';
import { AuthStack } from './stacks/auth-stack';
import { DataStack } from './stacks/data-stack';
import { JobsStack } from './stacks/jobs-stack';
import { WebStack } from './stacks/web-stack';
import { WIRING, type Wiring } from './wiring';

export interface AppStacks {
  data: DataStack;
  auth: AuthStack;
  api: ApiStack;
  jobs: JobsStack;
  web: WebStack;
}

/**
 * Stateful stacks first (data, auth), then the code that uses them (api, jobs) and the edge
 * (web). References flow one way only, passed as props.
 */
export function createStacks(app: App, settings: Settings, wiring: Wiring = WIRING): AppStacks {
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: settings.region };
  const name = (part: string) => `Cct-${settings.stage}-${part}`;
  Tags.of(app).add('app', 'care-capacity-tracker');
  Tags.of(app).add('stage', settings.stage);

  const data = new DataStack(app, name('Data'), {
    env,
    settings,
    description: 'Care Capacity Tracker: table, data buckets, secrets (stateful)',
    terminationProtection: settings.stage === 'prod',
  });
  const auth = new AuthStack(app, name('Auth'), {
    env,
    settings,
    description: 'Care Capacity Tracker: Cognito user pool, SES identity (stateful)',
    terminationProtection: settings.stage === 'prod',
    wiring,
  });
  const api = new ApiStack(app, name('Api'), {
    env,
    settings,
    description: 'Care Capacity Tracker: Lambda functions and HTTP API',
    table: data.table,
    userPool: auth.userPool,
    userPoolClient: auth.userPoolClient,
    emailIdentity: auth.emailIdentity,
    configurationSet: auth.configurationSet,
    emailFrom: auth.emailFrom,
    linkSigningSecret: data.linkSigningSecret,
    cqcApiKeySecret: data.cqcApiKeySecret,
    wiring,
  });
  // Buckets are named, not exported (lib/naming.ts), so these orderings are not implied by references.
  api.addStackDependency(data, 'reads and writes the data buckets by name');
  const jobs = new JobsStack(app, name('Jobs'), {
    env,
    settings,
    description: 'Care Capacity Tracker: S3 triggers, schedules and their dead-letter queues',
    functions: api.functions,
    emailEventsTopic: auth.emailEventsTopic,
    wiring,
  });
  jobs.addStackDependency(data, 'adds notifications to the data buckets by name');
  const web = new WebStack(app, name('Web'), {
    env,
    settings,
    description: 'Care Capacity Tracker: CloudFront, static web app',
    httpApi: api.httpApi,
    userPool: auth.userPool,
    userPoolClient: auth.userPoolClient,
  });
  web.addStackDependency(data, 'names the uploads bucket in the CSP');
  return { data, auth, api, jobs, web };
}
