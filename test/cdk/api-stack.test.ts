import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoFileExists } from '../../lib/naming';
import { functionEntries, WIRING, type Wiring } from '../../lib/wiring';
import { TABLE_INDEXES } from '../../shared/infra/table';
import type { RouteAuth } from '../../shared/wiring/definitions';
import { type BuiltApp, buildApp, cleanup, sampleWiring } from './support';

process.env.CDK_VALIDATION = 'false';

const AUTHORIZATION_TYPE: Record<RouteAuth, string> = { jwt: 'JWT', 'supplier-key': 'CUSTOM', none: 'NONE' };

let built: BuiltApp;
let template: Template;
let sample: BuiltApp;
let sampleTemplate: Template;

beforeAll(() => {
  built = buildApp();
  template = Template.fromStack(built.stacks.api);
  sample = buildApp({ wiring: sampleWiring() });
  sampleTemplate = Template.fromStack(sample.stacks.api);
});
afterAll(() => {
  cleanup(built);
  cleanup(sample);
});

/** Routes the stack can build today: their function exists, and so does their authorizer. */
function buildableRoutes(wiring: Wiring) {
  return wiring.routes.filter((r) => {
    if (!repoFileExists(wiring.functions[r.fn].entry)) return false;
    const authorizer = wiring.authorizers[r.auth];
    return (
      r.auth === 'jwt' || r.auth === 'none' || (authorizer !== undefined && repoFileExists(authorizer.entry))
    );
  });
}

describe('api stack: functions', () => {
  it('has one Lambda per function group whose entry exists', () => {
    const expected = functionEntries(WIRING).filter(([, d]) => repoFileExists(d.entry));
    const lambdas = Object.values(template.findResources('AWS::Lambda::Function'));
    const names = lambdas.map((l) => l.Properties.FunctionName);
    for (const [name] of expected) expect(names).toContain(`cct-dev-${name}`);
  });

  it('runs every function on the newest Node.js, arm64, traced, with its own log group', () => {
    const lambdas = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(lambdas.length).toBeGreaterThan(0);
    for (const fn of lambdas) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: expect.stringMatching(/^index\.\w+$/),
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.anyValue() });
  });

  it('sets the environment config.ts reads, with secrets passed by ARN only', () => {
    const lambdas = Object.values(template.findResources('AWS::Lambda::Function'));
    for (const fn of lambdas) {
      const env = fn.Properties.Environment.Variables as Record<string, unknown>;
      expect(Object.keys(env)).toEqual(
        expect.arrayContaining([
          'STAGE',
          'LOG_LEVEL',
          'TABLE_NAME',
          'UPLOADS_BUCKET',
          'DATA_BUCKET',
          'USER_POOL_ID',
          'USER_POOL_CLIENT_ID',
          'EMAIL_MODE',
          'EMAIL_FROM',
          'SES_CONFIGURATION_SET',
          'LINK_SIGNING_SECRET_ARN',
        ]),
      );
      expect(env.EMAIL_MODE).toBe('ses');
      expect(env).not.toHaveProperty('LINK_SIGNING_SECRET');
    }
  });

  it('grants item access to the table and its indexes from table.ts, without Scan', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).map((p) =>
      JSON.stringify(p.Properties.PolicyDocument),
    );
    const functionPolicies = policies.filter((p) => p.includes('dynamodb:'));
    expect(functionPolicies.length).toBeGreaterThan(0);
    for (const policy of functionPolicies) {
      expect(policy).not.toContain('dynamodb:Scan');
      expect(policy).not.toContain('/index/*');
      for (const index of TABLE_INDEXES) expect(policy).toContain(`/index/${index.name}`);
    }
  });
});

describe('api stack: HTTP API', () => {
  it('has every buildable route of definitions.ts with its authorizer type', () => {
    const routes = buildableRoutes(WIRING);
    template.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length);
    for (const route of routes) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${route.method} ${route.path}`,
        AuthorizationType: AUTHORIZATION_TYPE[route.auth],
      });
    }
  });

  it('reports the routes it cannot build yet instead of failing', () => {
    const skipped = WIRING.routes.filter((r) => !buildableRoutes(WIRING).includes(r));
    const annotations = Annotations.fromStack(built.stacks.api);
    for (const route of skipped) {
      annotations.hasWarning(
        '*',
        Match.stringLikeRegexp(`${route.method} ${route.path.replace(/[{}+]/g, '.')} skipped`),
      );
    }
  });

  it('validates JWTs from the user pool for the web client', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [Match.anyValue()],
        Issuer: { 'Fn::Join': ['', Match.arrayWith(['https://cognito-idp.eu-west-2.'])] },
      },
    });
  });

  it('throttles the default stage and writes access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: Match.anyValue(), ThrottlingRateLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });
});

describe('api stack: a wiring with a supplier-key route', () => {
  it('puts supplier routes behind a simple-response Lambda authorizer keyed on x-api-key', () => {
    const wiring = sampleWiring();
    for (const route of buildableRoutes(wiring)) {
      sampleTemplate.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${route.method} ${route.path}`,
        AuthorizationType: AUTHORIZATION_TYPE[route.auth],
      });
    }
    sampleTemplate.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'PUT /api/sample/supplier/{locationId}',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: Match.stringLikeRegexp('SupplierKeyAuthorizer') },
    });
    sampleTemplate.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.x-api-key'],
    });
  });
});

describe('api stack: a function whose entry does not exist yet', () => {
  it('is left out with a warning, and so are its routes', () => {
    const wiring: Wiring = {
      ...WIRING,
      functions: {
        ...WIRING.functions,
        system: { entry: 'functions/api/not-written-yet.ts', handler: 'handler' },
      },
    };
    const missing = buildApp({ wiring });
    try {
      const t = Template.fromStack(missing.stacks.api);
      expect(JSON.stringify(t.toJSON())).not.toContain('"FunctionName":"cct-dev-system"');
      for (const route of WIRING.routes.filter((r) => r.fn === 'system')) {
        t.resourcePropertiesCountIs(
          'AWS::ApiGatewayV2::Route',
          { RouteKey: `${route.method} ${route.path}` },
          0,
        );
      }
      Annotations.fromStack(missing.stacks.api).hasWarning(
        '*',
        Match.stringLikeRegexp('not-written-yet.ts does not exist'),
      );
    } finally {
      cleanup(missing);
    }
  });
});
