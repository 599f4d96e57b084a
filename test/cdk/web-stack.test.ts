import { Match, Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoFileExists } from '../../lib/naming';
import { RUNTIME_CONFIG, WEB_DIST } from '../../lib/stacks/web-stack';
import { type BuiltApp, buildApp, cleanup } from './support';

process.env.CDK_VALIDATION = 'false';

let built: BuiltApp;
let template: Template;

beforeAll(() => {
  built = buildApp();
  template = Template.fromStack(built.stacks.web);
});
afterAll(() => cleanup(built));

const distribution = () =>
  Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]?.Properties.DistributionConfig;

describe('web stack: distribution', () => {
  it('serves the web bucket through Origin Access Control with index.html as root', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        Origins: Match.arrayWith([
          Match.objectLike({
            OriginAccessControlId: { 'Fn::GetAtt': [Match.anyValue(), 'Id'] },
            S3OriginConfig: { OriginAccessIdentity: '' },
          }),
        ]),
      }),
    });
  });

  it('rewrites client-side routes to index.html at the edge, on the default behaviour only', () => {
    const config = distribution();
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [expect.any(String), 'FunctionARN'] } },
    ]);
    expect(config.CustomErrorResponses).toBeUndefined();
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: Match.stringLikeRegexp("request.uri = '/index.html'"),
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    });
  });

  it('sends /api/* to the HTTP API uncached, with every viewer header but Host', () => {
    const config = distribution();
    const api = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
    expect(api).toMatchObject({
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    });
    expect(api.FunctionAssociations).toBeUndefined();
    const apiOrigin = config.Origins.find((o: { Id: string }) => o.Id === api.TargetOriginId);
    expect(JSON.stringify(apiOrigin.DomainName)).toContain('.execute-api.eu-west-2.');
    expect(apiOrigin.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
  });

  it('logs requests', () => {
    expect(distribution().Logging).toMatchObject({ Bucket: expect.anything(), Prefix: 'cloudfront/' });
  });
});

describe('web stack: security headers', () => {
  it('sets HSTS, a same-origin CSP that allows Cognito, nosniff, DENY framing and a referrer policy', () => {
    const policy = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0];
    const headers = policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
    });
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('https://cognito-idp.eu-west-2.');
  });

  it('applies them to the app and the API', () => {
    const config = distribution();
    const id = config.DefaultCacheBehavior.ResponseHeadersPolicyId;
    expect(id).toBeDefined();
    for (const b of config.CacheBehaviors) expect(b.ResponseHeadersPolicyId).toEqual(id);
  });
});

describe('web stack: buckets and deployment', () => {
  it('blocks public access and enforces TLS on its buckets', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it(`deploys ${WEB_DIST} when it has been built, and always the runtime config`, () => {
    template.resourceCountIs('Custom::CDKBucketDeployment', 1);
    const deployment = Object.values(template.findResources('Custom::CDKBucketDeployment'))[0];
    // One zip for the build (when present) and one for config.json (tokens filled at deploy time).
    expect(deployment?.Properties.SourceObjectKeys).toHaveLength(repoFileExists(WEB_DIST) ? 2 : 1);
    const markers = JSON.stringify(deployment?.Properties.SourceMarkers);
    expect(markers).toContain('UserPool');
    expect(markers).toContain('WebClient');
    expect(deployment?.Properties.DistributionPaths).toEqual(['/*']);
  });

  it(`serves /${RUNTIME_CONFIG} from the web bucket without caching`, () => {
    const config = distribution();
    const behaviour = config.CacheBehaviors.find(
      (b: { PathPattern: string }) => b.PathPattern === `/${RUNTIME_CONFIG}`,
    );
    expect(behaviour).toMatchObject({
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      TargetOriginId: config.DefaultCacheBehavior.TargetOriginId,
    });
  });
});

describe('web stack: custom domain', () => {
  it('uses the certificate, requires TLS 1.2 and attaches the WAF web ACL when given', () => {
    const withDomain = buildApp({
      context: {
        appDomain: 'beds.example.org',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
        webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/cct/abc',
      },
    });
    try {
      Template.fromStack(withDomain.stacks.web).hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Aliases: ['beds.example.org'],
          ViewerCertificate: Match.objectLike({
            MinimumProtocolVersion: 'TLSv1.2_2021',
            SslSupportMethod: 'sni-only',
          }),
          WebACLId: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/cct/abc',
        }),
      });
    } finally {
      cleanup(withDomain);
    }
  });
});
