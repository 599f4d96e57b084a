import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions, schedules, snsSubscriptions } from '../../shared/wiring/definitions';
import { type BuiltApp, buildApp, cleanup } from './support';

process.env.CDK_VALIDATION = 'false';

/**
 * Email for the nightly reminders (issue 7): the SES identity for the configured domain, the
 * configuration set with suppression and bounce/complaint events to SNS, the subscriber that
 * records them, and the reminders schedule in Europe/London.
 */
describe('SES and reminders wiring', () => {
  let built: BuiltApp;
  let auth: Template;
  let jobs: Template;
  let api: Template;

  beforeAll(() => {
    built = buildApp({ context: { emailDomain: 'reminders.example.org' } });
    auth = Template.fromStack(built.stacks.auth);
    jobs = Template.fromStack(built.stacks.jobs);
    api = Template.fromStack(built.stacks.api);
  });
  afterAll(() => cleanup(built));

  it('verifies the sending domain from context, with the configuration set', () => {
    auth.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'reminders.example.org',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
    auth.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'cct-dev',
      SuppressionOptions: { SuppressedReasons: Match.arrayWith(['BOUNCE', 'COMPLAINT']) },
    });
  });

  it('publishes bounces and complaints to the encrypted topic', () => {
    auth.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        SnsDestination: { TopicARN: { Ref: Match.stringLikeRegexp('EmailEvents') } },
      }),
    });
    auth.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  it('subscribes the email-events function to the topic, with a dead-letter queue', () => {
    const fnName = snsSubscriptions.emailEvents;
    expect(functions[fnName].entry).toBe('functions/triggers/ses-events.ts');
    jobs.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: Match.anyValue(),
      TopicArn: Match.anyValue(),
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('FailedInvocations'), 'Arn'] },
      },
    });
    jobs.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'sns.amazonaws.com',
      SourceArn: Match.anyValue(),
    });
    // The function exists in the API stack with the table and no extra secrets in plain text.
    api.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'cct-dev-sesEvents',
      Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue() }) },
    });
  });

  it('runs the reminders nightly in Europe/London, reading the link key by ARN', () => {
    const s = schedules.find((x) => x.name === 'reminders');
    expect(s?.timezone).toBe('Europe/London');
    jobs.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'cct-dev-reminders',
      ScheduleExpression: s?.cron,
      ScheduleExpressionTimezone: 'Europe/London',
    });
    api.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'cct-dev-remindersJob',
      Timeout: 900,
      Environment: {
        Variables: Match.objectLike({
          EMAIL_MODE: 'ses',
          SES_CONFIGURATION_SET: Match.anyValue(),
          LINK_SIGNING_SECRET_ARN: Match.anyValue(),
        }),
      },
    });
    const env = JSON.stringify(api.findResources('AWS::Lambda::Function'));
    expect(env).not.toContain('LINK_SIGNING_SECRET"');
  });
});
