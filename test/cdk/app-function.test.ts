import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppFunction } from '../../lib/constructs/app-function';
import { WIRING } from '../../lib/wiring';
import { CDK_JSON_CONTEXT } from './support';

process.env.CDK_VALIDATION = 'false';

// The smallest handler in definitions.ts, bundled for real: this is the one place tests run esbuild.
const entry = WIRING.functions.system;

let outdir: string;
let template: Template;

beforeAll(() => {
  const app = new App({ context: CDK_JSON_CONTEXT });
  const stack = new Stack(app, 'FunctionTest', { env: { region: 'eu-west-2' } });
  const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  new AppFunction(stack, 'Fn', {
    functionName: 'cct-test-system',
    entry: entry.entry,
    handler: entry.handler,
    environment: { STAGE: 'test' },
    table,
    logRetention: RetentionDays.TWO_WEEKS,
    retainLogs: false,
  });
  template = Template.fromStack(stack);
  outdir = app.outdir;
});

describe('AppFunction', () => {
  it('bundles the entry as minified ESM with a require shim, a source map and no AWS SDK', () => {
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0];
    const hash = String(fn?.Properties.Code.S3Key).replace(/\.zip$/, '');
    const assetDir = join(outdir, `asset.${hash}`);
    expect(existsSync(join(assetDir, 'index.mjs'))).toBe(true);
    expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
    const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    expect(code.startsWith('import { createRequire as __cctCreateRequire }')).toBe(true);
    expect(code).not.toMatch(/@aws-sdk\/[\w-]+\/dist-/);
    expect(code.split('\n').length).toBeLessThan(20);
  });

  it('runs on Node.js 24, arm64, traced, with source maps enabled and its own log group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'cct-test-system',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: `index.${entry.handler}`,
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: { STAGE: 'test', NODE_OPTIONS: '--enable-source-maps' } },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('FnLogs') } },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Delete',
      Properties: { RetentionInDays: 14 },
    });
  });

  it('uses its own role with no managed policies: logs to its log group, table items, traces', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
    });
    const policy = JSON.stringify(Object.values(template.findResources('AWS::IAM::Policy'))[0]?.Properties);
    expect(policy).toContain('logs:PutLogEvents');
    expect(policy).toContain('dynamodb:PutItem');
    expect(policy).toContain('xray:PutTraceSegments');
    expect(policy).not.toContain('dynamodb:Scan');
  });
});
