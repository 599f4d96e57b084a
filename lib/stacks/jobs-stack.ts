import { Annotations, Aws, Duration, Stack, type StackProps, TimeZone } from 'aws-cdk-lib';
import { Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnPermission, EventInvokeConfig, type IDestination } from 'aws-cdk-lib/aws-lambda';
import { Bucket, EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import {
  type IScheduleTarget,
  Schedule,
  ScheduleExpression,
  ScheduleGroup,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { type ITopic, Subscription, SubscriptionProtocol } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  type FunctionName,
  type ScheduleDef,
  scheduleInput,
  snsSubscriptions,
  type TriggerDef,
} from '../../shared/wiring/definitions';
import type { AppFunction } from '../constructs/app-function';
import { acknowledge } from '../nag';
import { bucketName, type DataBucketName, pascal } from '../naming';
import type { Settings } from '../settings';
import { WIRING, type Wiring } from '../wiring';

export interface JobsStackProps extends StackProps {
  settings: Settings;
  functions: Partial<Record<FunctionName, AppFunction>>;
  /** SES bounce and complaint events (auth stack); its subscriber records them (issue 7). */
  emailEventsTopic?: ITopic;
  /** Defaults to shared/wiring/definitions.ts. */
  wiring?: Wiring;
}

/** Retries Lambda makes of a failed asynchronous invocation (S3 notification, schedule) before giving up. */
export const ASYNC_RETRIES = 2;

/**
 * Work that is not a request: S3 notifications and EventBridge Scheduler schedules, both built
 * from definitions.ts, with every failure ending in a dead-letter queue instead of vanishing.
 */
export class JobsStack extends Stack {
  /** Async invocations that failed after ASYNC_RETRIES (Lambda on-failure destination). */
  readonly failedInvocations: Queue;
  /** Schedules EventBridge Scheduler could not deliver to Lambda. */
  readonly undeliveredSchedules: Queue;

  constructor(scope: Construct, id: string, props: JobsStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const { triggers, schedules } = props.wiring ?? WIRING;

    this.failedInvocations = deadLetterQueue(
      this,
      'FailedInvocations',
      `${settings.prefix}-failed-invocations`,
    );
    this.undeliveredSchedules = deadLetterQueue(
      this,
      'UndeliveredSchedules',
      `${settings.prefix}-undelivered-schedules`,
    );

    const available = <T extends { name: string; fn: FunctionName }>(kind: string, defs: readonly T[]) =>
      defs.filter((d) => {
        if (props.functions[d.fn]) return true;
        Annotations.of(this).addWarningV2('cct:job-skipped', `${kind} ${d.name} skipped: ${d.fn} is missing`);
        return false;
      });
    const liveTriggers = available('trigger', triggers);
    const liveSchedules = available('schedule', schedules);

    for (const name of new Set([...liveTriggers, ...liveSchedules].map((d) => d.fn))) {
      const fn = props.functions[name];
      if (fn) this.configureAsync(name, fn);
    }
    this.addTriggers(settings, liveTriggers, props.functions);
    this.addSchedules(settings, liveSchedules, props.functions);
    if (props.emailEventsTopic) this.addEmailEvents(props.emailEventsTopic, props.functions);
  }

  /**
   * SES (configuration set event destination) -> SNS -> the email-events function, which records
   * bounces and complaints and suppresses the address. Built here so neither stateful stack refers
   * to the code: the subscription and the invoke permission belong to this stack.
   */
  private addEmailEvents(topic: ITopic, fns: Partial<Record<FunctionName, AppFunction>>): void {
    const name = snsSubscriptions.emailEvents;
    const fn = fns[name];
    if (!fn) {
      Annotations.of(this).addWarningV2(
        'cct:job-skipped',
        `email events subscription skipped: ${name} is missing`,
      );
      return;
    }
    this.configureAsync(name, fn);
    new CfnPermission(this, 'EmailEventsInvoke', {
      action: 'lambda:InvokeFunction',
      functionName: fn.function.functionArn,
      principal: 'sns.amazonaws.com',
      sourceArn: topic.topicArn,
    });
    // Messages SNS could not deliver to the function are kept (Subscription adds the queue policy).
    new Subscription(this, 'EmailEventsSubscription', {
      topic,
      protocol: SubscriptionProtocol.LAMBDA,
      endpoint: fn.function.functionArn,
      deadLetterQueue: this.failedInvocations,
    });
  }

  /**
   * Retries and the on-failure queue for a function's asynchronous invocations. Built here, not
   * with fn.configureAsyncInvoke(), so the API stack never refers back to this stack: the send
   * permission is a policy of this stack attached to the function's role.
   */
  private configureAsync(name: FunctionName, fn: AppFunction): void {
    const id = pascal(name);
    const sendPolicy = new Policy(this, `${id}FailureDestinationPolicy`, {
      roles: [fn.role],
      statements: [
        new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.failedInvocations.queueArn] }),
      ],
    });
    const onFailure: IDestination = { bind: () => ({ destination: this.failedInvocations.queueArn }) };
    const config = new EventInvokeConfig(this, `${id}AsyncInvokeConfig`, {
      function: fn.function,
      retryAttempts: ASYNC_RETRIES,
      maxEventAge: Duration.hours(6),
      onFailure,
    });
    // Lambda checks the role can reach the destination when the config is created.
    config.node.addDependency(sendPolicy);
  }

  private addTriggers(
    settings: Settings,
    defs: readonly TriggerDef[],
    fns: Partial<Record<FunctionName, AppFunction>>,
  ): void {
    // The buckets are imported by name, so the notification (and its custom resource) lives in
    // this stack; on the data stack's own Bucket it would make the data stack depend on the code.
    const imported = new Map<DataBucketName, IBucket>();
    for (const t of defs) {
      const fn = fns[t.fn];
      if (!fn) continue;
      if (t.bucket === 'web')
        throw new Error(`Trigger ${t.name}: the web bucket holds the built frontend, not data`);
      let bucket = imported.get(t.bucket);
      if (!bucket) {
        bucket = Bucket.fromBucketName(this, `${pascal(t.bucket)}Bucket`, bucketName(settings, t.bucket));
        imported.set(t.bucket, bucket);
      }
      bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn.function), {
        prefix: t.prefix,
      });
    }
    const handler = this.node.children.find((c) => c.node.id.startsWith('BucketNotificationsHandler'));
    if (handler) {
      acknowledge(
        handler,
        'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'CDK-provided BucketNotificationsHandler custom resource (runs only during deploys); the managed ' +
          'policy only lets it write its own logs, and its bucket permissions are scoped per bucket.',
      );
    }
  }

  private addSchedules(
    settings: Settings,
    defs: readonly ScheduleDef[],
    fns: Partial<Record<FunctionName, AppFunction>>,
  ): void {
    if (defs.length === 0) return;
    const group = new ScheduleGroup(this, 'ScheduleGroup', { scheduleGroupName: settings.prefix });
    // One role for every schedule, allowed to invoke exactly the target functions (the stock
    // LambdaInvoke target also grants every version and alias, `<arn>:*`).
    const role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: `${settings.prefix} EventBridge Scheduler: invoke job functions`,
    });
    this.undeliveredSchedules.grantSendMessages(role);
    const invoked = new Set<FunctionName>();
    for (const s of defs) {
      const fn = fns[s.fn];
      if (!fn) continue;
      if (!invoked.has(s.fn)) {
        role.addToPrincipalPolicy(
          new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.function.functionArn] }),
        );
        invoked.add(s.fn);
      }
      const target: IScheduleTarget = {
        bind: () => ({
          arn: fn.function.functionArn,
          role,
          // The event the local scheduler passes too: the job name and the scheduled time.
          input: ScheduleTargetInput.fromText(scheduleInput(s.name)),
          retryPolicy: { maximumRetryAttempts: ASYNC_RETRIES, maximumEventAgeInSeconds: 3600 },
          deadLetterConfig: { arn: this.undeliveredSchedules.queueArn },
        }),
      };
      new Schedule(this, `Schedule${pascal(s.name)}`, {
        scheduleName: `${settings.prefix}-${s.name}`,
        scheduleGroup: group,
        description: s.description,
        schedule: ScheduleExpression.expression(cronExpression(s), TimeZone.of(s.timezone)),
        target,
      });
    }
  }
}

/** definitions.ts writes `cron(...)`; a bare six-field expression is accepted and wrapped. */
export function cronExpression(s: ScheduleDef): string {
  const expr = s.cron.trim();
  const inner = /^cron\((.+)\)$/.exec(expr)?.[1] ?? expr;
  if (inner.trim().split(/\s+/).length !== 6) {
    throw new Error(`Schedule ${s.name}: "${s.cron}" is not a six-field EventBridge cron expression`);
  }
  return `cron(${inner.trim()})`;
}

function deadLetterQueue(scope: Construct, id: string, queueName: string): Queue {
  const queue = new Queue(scope, id, {
    queueName,
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledge(
    queue,
    'SQS3',
    'This queue is itself a dead-letter destination; nothing consumes it automatically.',
  );
  return queue;
}
