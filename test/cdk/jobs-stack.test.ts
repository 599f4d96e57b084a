import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoFileExists } from '../../lib/naming';
import { ASYNC_RETRIES, cronExpression } from '../../lib/stacks/jobs-stack';
import { WIRING, type Wiring } from '../../lib/wiring';
import { scheduleInput, snsSubscriptions } from '../../shared/wiring/definitions';
import { type BuiltApp, buildApp, cleanup, sampleWiring } from './support';

process.env.CDK_VALIDATION = 'false';

const runnable = <T extends { fn: keyof Wiring['functions'] }>(w: Wiring, defs: readonly T[]) =>
  defs.filter((d) => repoFileExists(w.functions[d.fn].entry));

/** The same assertions hold for definitions.ts and for a wiring with a trigger on every data bucket. */
const cases: [string, () => Wiring][] = [
  ['definitions.ts', () => WIRING],
  ['a wiring with triggers and schedules', sampleWiring],
];

describe.each(cases)('jobs stack built from %s', (_name, makeWiring) => {
  let built: BuiltApp;
  let template: Template;
  let wiring: Wiring;

  beforeAll(() => {
    wiring = makeWiring();
    built = buildApp({ wiring });
    template = Template.fromStack(built.stacks.jobs);
  });
  afterAll(() => cleanup(built));

  it('schedules every job with its cron, time zone, retries and dead-letter queue', () => {
    const schedules = runnable(wiring, wiring.schedules);
    template.resourceCountIs('AWS::Scheduler::Schedule', schedules.length);
    for (const s of schedules) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        Name: `cct-dev-${s.name}`,
        ScheduleExpression: cronExpression(s),
        ScheduleExpressionTimezone: s.timezone,
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: Match.objectLike({
          Input: scheduleInput(s.name),
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: ASYNC_RETRIES }),
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('UndeliveredSchedules'), 'Arn'] },
          },
        }),
      });
    }
  });

  it('notifies the trigger function of every object created under its prefix', () => {
    const triggers = runnable(wiring, wiring.triggers);
    for (const t of triggers) {
      template.hasResourceProperties('Custom::S3BucketNotifications', {
        BucketName: { 'Fn::Join': ['', [`cct-dev-${t.bucket}-`, { Ref: 'AWS::AccountId' }, '-eu-west-2']] },
        Managed: false,
        NotificationConfiguration: {
          LambdaFunctionConfigurations: Match.arrayWith([
            Match.objectLike({
              Events: ['s3:ObjectCreated:*'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: t.prefix }] } },
            }),
          ]),
        },
      });
    }
    template.resourceCountIs('Custom::S3BucketNotifications', new Set(triggers.map((t) => t.bucket)).size);
  });

  it('retries failed async invocations and then sends them to the encrypted dead-letter queue', () => {
    const targets = new Set(
      [...runnable(wiring, wiring.triggers), ...runnable(wiring, wiring.schedules)].map((d) => d.fn),
    );
    // SNS invokes the SES email-events subscriber asynchronously too (issue 7).
    for (const fn of Object.values(snsSubscriptions)) {
      if (repoFileExists(wiring.functions[fn].entry)) targets.add(fn);
    }
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', targets.size);
    if (targets.size > 0) {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        MaximumRetryAttempts: ASYNC_RETRIES,
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('FailedInvocations'), 'Arn'] } },
        },
      });
    }
  });

  it('encrypts the dead-letter queues and denies non-TLS access to them', () => {
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.allResourcesProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
    });
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });
});

describe('cron expressions', () => {
  const def = { name: 'x', description: '', timezone: 'Europe/London', fn: 'system' as const };
  it('accepts cron(...) and bare six-field expressions', () => {
    expect(cronExpression({ ...def, cron: 'cron(30 4 * * ? *)' })).toBe('cron(30 4 * * ? *)');
    expect(cronExpression({ ...def, cron: '30 4 * * ? *' })).toBe('cron(30 4 * * ? *)');
  });
  it('rejects an expression EventBridge Scheduler would reject', () => {
    expect(() => cronExpression({ ...def, cron: '30 4 * * *' })).toThrow(/six-field/);
  });
});
