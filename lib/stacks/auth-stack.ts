import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolEmail,
  UserPoolGroup,
  UserPoolOperation,
  VerificationEmailStyle,
} from 'aws-cdk-lib/aws-cognito';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { COGNITO_GROUPS } from '../../shared/domain/roles';
import { acknowledge } from '../nag';
import { pascal, repoFileExists } from '../naming';
import type { Settings } from '../settings';
import { lambdaName, WIRING, type Wiring } from '../wiring';

export interface AuthStackProps extends StackProps {
  settings: Settings;
  /** Defaults to shared/wiring/definitions.ts. */
  wiring?: Wiring;
}

/**
 * Who the users are and how the service reaches them: the Cognito user pool and the SES sending
 * identity. Both are stateful (accounts; domain verification and DKIM tokens), so they live
 * apart from the code.
 */
export class AuthStack extends Stack {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly emailIdentity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly emailEventsTopic: Topic;
  readonly emailFrom: string;

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);
    const { settings } = props;

    // SES: the sending domain, and bounces/complaints published to a topic for suppression handling.
    const topicKey = new Key(this, 'EmailEventsKey', {
      description: `${settings.prefix} SES bounce and complaint notifications`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // SES publishes to the encrypted topic, so it needs the key (an AWS-managed key cannot be shared).
    topicKey.grant(new ServicePrincipal('ses.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    this.emailEventsTopic = new Topic(this, 'EmailEvents', {
      topicName: `${settings.prefix}-email-events`,
      masterKey: topicKey,
      enforceSSL: true,
    });

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: settings.prefix,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.emailEventsTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT],
    });

    this.emailIdentity = new EmailIdentity(this, 'EmailIdentity', {
      identity: Identity.domain(settings.emailDomain),
      configurationSet: this.configurationSet,
    });
    this.emailFrom = `no-reply@${settings.emailDomain}`;
    // The three CNAME records that verify the domain (Easy DKIM), for whoever runs its DNS.
    this.emailIdentity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, { value: `${record.name} CNAME ${record.value}` });
    });

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: settings.prefix,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      selfSignUpEnabled: true,
      autoVerify: { email: true },
      userVerification: {
        emailSubject: 'Your Care Capacity Tracker verification code',
        emailBody: 'Your verification code is {####}',
        emailStyle: VerificationEmailStyle.CODE,
      },
      // NIST SP 800-63B: length, not composition rules (acknowledged below).
      passwordPolicy: {
        minLength: 12,
        requireLowercase: false,
        requireUppercase: false,
        requireDigits: false,
        requireSymbols: false,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      email: settings.cognitoEmailViaSes
        ? UserPoolEmail.withSES({
            fromEmail: this.emailFrom,
            fromName: 'Care Capacity Tracker',
            sesVerifiedDomain: settings.emailDomain,
            sesRegion: settings.region,
            configurationSetName: this.configurationSet.configurationSetName,
          })
        : UserPoolEmail.withCognito(),
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.userPool,
      'COG1',
      'Deliberate: minimum length 12 with no composition rules, as NIST SP 800-63B recommends; ' +
        'composition rules push users to predictable passwords. Threat protection blocks compromised credentials.',
    );
    acknowledge(
      this.userPool,
      'COG2',
      'MFA is offered (TOTP), not forced: care home staff update beds in under 30 seconds from shared ' +
        'phones. Plus-plan threat protection (FULL_FUNCTION) adds adaptive challenges on risky sign-ins.',
    );

    for (const group of COGNITO_GROUPS) {
      new UserPoolGroup(this, `Group${pascal(group)}`, {
        userPool: this.userPool,
        groupName: group,
        description: 'Mirrors the role for operators; authorisation reads memberships, not groups.',
      });
    }

    this.addTriggers(settings, props.wiring ?? WIRING);

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    this.userPoolClient = this.userPool.addClient('WebClient', {
      userPoolClientName: 'web',
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      disableOAuth: true,
      accessTokenValidity: Duration.minutes(15),
      idTokenValidity: Duration.minutes(15),
      refreshTokenValidity: Duration.days(30),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
  }

  /**
   * Cognito triggers from definitions.ts, named by ARN: the functions live in the API stack,
   * which depends on this one, so the pool must not reference them. The API stack grants Cognito
   * the invoke permission.
   */
  private addTriggers(settings: Settings, wiring: Wiring): void {
    for (const [operation, fnName] of Object.entries(wiring.cognitoTriggers)) {
      if (!repoFileExists(wiring.functions[fnName].entry)) continue;
      const fn = LambdaFunction.fromFunctionAttributes(this, `${pascal(operation)}Trigger`, {
        functionArn: this.formatArn({
          service: 'lambda',
          resource: 'function',
          resourceName: lambdaName(settings, fnName),
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
        skipPermissions: true,
      });
      this.userPool.addTrigger(UserPoolOperation.of(operation), fn);
    }
  }
}
