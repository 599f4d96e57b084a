import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { type BuiltApp, buildApp, cleanup, sampleWiring, validationViolations } from './support';

const built: BuiltApp[] = [];
const track = (b: BuiltApp) => {
  built.push(b);
  return b;
};
afterAll(() => {
  for (const b of built) cleanup(b);
});

describe('the whole app, as `cdk synth` builds it', () => {
  // CDK's own CloudFormation checks take most of this test's time (~6 s idle); the variants below
  // skip them and run cdk-nag only.
  it('passes cdk-nag and CDK template validation with nothing unacknowledged', { timeout: 180_000 }, () => {
    const { app } = track(buildApp({ nag: true }));
    expect(validationViolations(app)).toEqual([]);
  });

  it('stays clean with a trigger, a schedule and a supplier-key route wired', () => {
    const { app } = track(buildApp({ nag: true, wiring: sampleWiring() }));
    expect(withoutCfnChecks(() => validationViolations(app))).toEqual([]);
  });

  it('stays clean in prod with a custom domain and a WAF web ACL', () => {
    const { app } = track(
      buildApp({
        nag: true,
        context: {
          stage: 'prod',
          appDomain: 'beds.example.org',
          certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
          webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/cct/abc',
          cognitoEmailViaSes: true,
        },
      }),
    );
    expect(withoutCfnChecks(() => validationViolations(app))).toEqual([]);
  });
});

describe('the validation check itself', () => {
  it('sees cdk-nag findings when there are some', () => {
    const app = new App();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    new Bucket(new Stack(app, 'Insecure'), 'Bucket');
    const rules = withoutCfnChecks(() => validationViolations(app)).map((v) => v.rule);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });
});

function withoutCfnChecks<T>(run: () => T): T {
  process.env.CDK_VALIDATION = 'false';
  try {
    return run();
  } finally {
    delete process.env.CDK_VALIDATION;
  }
}
