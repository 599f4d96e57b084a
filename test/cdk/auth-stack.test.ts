import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoFileExists } from '../../lib/naming';
import { WIRING } from '../../lib/wiring';
import { COGNITO_GROUPS } from '../../shared/domain/roles';
import { type BuiltApp, buildApp, cleanup } from './support';

process.env.CDK_VALIDATION = 'false';

let built: BuiltApp;
let template: Template;

beforeAll(() => {
  built = buildApp();
  template = Template.fromStack(built.stacks.auth);
});
afterAll(() => cleanup(built));

describe('auth stack: user pool', () => {
  it('signs in by email with self sign-up and email verification', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
        UsernameConfiguration: { CaseSensitive: false },
        DeletionProtection: 'ACTIVE',
      }),
    });
  });

  it('asks for length (12), not composition (NIST SP 800-63B)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: false,
          RequireUppercase: false,
          RequireNumbers: false,
          RequireSymbols: false,
        }),
      },
    });
  });

  it('has threat protection (Plus plan, enforced)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('has one group per role in shared/domain/roles.ts', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', COGNITO_GROUPS.length);
    for (const group of COGNITO_GROUPS) {
      template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
    }
  });

  it('attaches the Cognito triggers of definitions.ts by function ARN', () => {
    const expected = Object.entries(WIRING.cognitoTriggers).filter(([, fn]) =>
      repoFileExists(WIRING.functions[fn].entry),
    );
    const pool = Object.values(template.findResources('AWS::Cognito::UserPool'))[0];
    const config = (pool?.Properties.LambdaConfig ?? {}) as Record<string, unknown>;
    expect(Object.keys(config).sort()).toEqual(
      expected.map(([op]) => op.charAt(0).toUpperCase() + op.slice(1)).sort(),
    );
    for (const [op, fn] of expected) {
      const key = op.charAt(0).toUpperCase() + op.slice(1);
      expect(JSON.stringify(config[key])).toContain(`:function:cct-dev-${fn}`);
    }
  });
});

describe('auth stack: app client', () => {
  it('uses password and SRP auth with 15-minute tokens and a 30-day refresh token', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: Match.arrayEquals([
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ]),
      AccessTokenValidity: 15,
      IdTokenValidity: 15,
      RefreshTokenValidity: 43200,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      GenerateSecret: false,
    });
  });
});

describe('auth stack: email', () => {
  it('verifies the sending domain with a configuration set', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.com',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'cct-dev' });
  });

  it('publishes bounces and complaints to an encrypted, TLS-only topic', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        SnsDestination: { TopicARN: { Ref: Match.anyValue() } },
      }),
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' } }),
        ]),
      },
    });
  });

  it('sends Cognito mail through SES once asked to', () => {
    const viaSes = buildApp({ context: { cognitoEmailViaSes: 'true' } });
    try {
      Template.fromStack(viaSes.stacks.auth).hasResourceProperties('AWS::Cognito::UserPool', {
        EmailConfiguration: Match.objectLike({
          EmailSendingAccount: 'DEVELOPER',
          From: Match.stringLikeRegexp('no-reply@example.com'),
        }),
      });
    } finally {
      cleanup(viaSes);
    }
  });
});
