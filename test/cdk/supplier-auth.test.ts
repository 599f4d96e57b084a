import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/wiring/definitions';
import { type BuiltApp, buildApp, cleanup } from './support';

process.env.CDK_VALIDATION = 'false';

/**
 * The supplier API's routes, as definitions.ts has them today, sit behind the supplier-key Lambda
 * REQUEST authorizer: simple responses, payload 2.0, identity x-api-key, and no result caching, so a
 * revoked key is refused from the next request (docs/adr/0002-supplier-auth.md).
 */
let built: BuiltApp;
let template: Template;

beforeAll(() => {
  built = buildApp();
  template = Template.fromStack(built.stacks.api);
});
afterAll(() => cleanup(built));

const supplierRoutes = routes.filter((r) => r.auth === 'supplier-key');

describe('supplier-key authorizer in the api stack', () => {
  it('exists, once, keyed on x-api-key, with simple responses and no caching', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 2); // Cognito JWT + supplier key
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.x-api-key'],
      AuthorizerResultTtlInSeconds: 0,
      AuthorizerUri: Match.anyValue(),
    });
  });

  it('guards every supplier-key route in definitions.ts', () => {
    expect(supplierRoutes.length).toBeGreaterThan(0);
    const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer', {
      Properties: { AuthorizerType: 'REQUEST' },
    });
    const [logicalId] = Object.keys(authorizers);
    expect(logicalId).toMatch(/SupplierKeyAuthorizer/);
    for (const r of supplierRoutes) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${r.method} ${r.path}`,
        AuthorizationType: 'CUSTOM',
        AuthorizerId: { Ref: logicalId },
      });
    }
  });

  it('runs the authorizer as its own function from functions/auth/supplier-authorizer.ts', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.stringLikeRegexp('supplier-key'),
      Handler: 'index.handler',
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      SourceArn: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    });
  });

  it('keeps the admin supplier routes behind the Cognito JWT authorizer', () => {
    for (const r of routes.filter((x) => x.path.startsWith('/api/admin/suppliers'))) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${r.method} ${r.path}`,
        AuthorizationType: 'JWT',
      });
    }
  });
});
