import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppFunction } from '../../lib/constructs/app-function';
import { WIRING } from '../../lib/wiring';
import { functions, triggers } from '../../shared/wiring/definitions';
import { type BuiltApp, buildApp, CDK_JSON_CONTEXT, cleanup } from './support';

process.env.CDK_VALIDATION = 'false';

/**
 * The bulk update in the cloud: the API and processor functions exist with their memory and
 * timeout, the uploads bucket notifies the processor of objects under bulk/, and the processor's
 * bundle ships exceljs as a node module (the reader's worker require()s its streaming reader by
 * path at run time, which esbuild cannot follow).
 */
describe('bulk update wiring', () => {
  let built: BuiltApp;
  let api: Template;
  let jobs: Template;

  beforeAll(() => {
    built = buildApp();
    api = Template.fromStack(built.stacks.api);
    jobs = Template.fromStack(built.stacks.jobs);
  });
  afterAll(() => cleanup(built));

  it('has the bulk API and the processor, with exceljs outside the bundle', () => {
    expect(functions.bulk.nodeModules).toEqual(['exceljs']);
    expect(functions.bulkUpload.nodeModules).toEqual(['exceljs']);
    api.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'cct-dev-bulk',
      MemorySize: 1024,
      Timeout: 29,
    });
    api.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'cct-dev-bulkUpload',
      MemorySize: 1024,
      Timeout: 120,
    });
  });

  it('notifies the processor of every object created under bulk/ in the uploads bucket', () => {
    const trigger = triggers.find((t) => t.fn === 'bulkUpload');
    expect(trigger).toMatchObject({ bucket: 'uploads', prefix: 'bulk/' });
    jobs.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { 'Fn::Join': ['', ['cct-dev-uploads-', { Ref: 'AWS::AccountId' }, '-eu-west-2']] },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'bulk/' }] } },
          }),
        ],
      },
    });
  });

  it('gives the uploads bucket to the bulk functions only, one action each, under bulk/', () => {
    const policies = api.findResources('AWS::IAM::Policy');
    const uploadsStatements = (prefix: string) =>
      Object.entries(policies)
        .filter(([id]) => id.startsWith(prefix))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[])
        .filter((st) => JSON.stringify(st.Resource).includes('cct-dev-uploads-'));
    const actionsOf = (prefix: string) => uploadsStatements(prefix).flatMap((st) => [st.Action].flat());
    expect(actionsOf('BulkUpload')).toEqual(['s3:GetObject']);
    expect(actionsOf('BulkRole')).toEqual(['s3:PutObject']);
    for (const st of [...uploadsStatements('BulkUpload'), ...uploadsStatements('BulkRole')]) {
      expect(JSON.stringify(st.Resource)).toContain('/bulk/*');
    }
    // Nobody else: e.g. the search and vacancies functions.
    expect(uploadsStatements('Search')).toEqual([]);
    expect(uploadsStatements('Vacancies')).toEqual([]);
  });
});

describe('bulk processor bundle', () => {
  let outdir: string;
  let template: Template;

  beforeAll(() => {
    const app = new App({ context: CDK_JSON_CONTEXT });
    const stack = new Stack(app, 'BulkBundleTest', { env: { region: 'eu-west-2' } });
    const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    const def = WIRING.functions.bulkUpload;
    new AppFunction(stack, 'Fn', {
      functionName: 'cct-test-bulk-upload',
      entry: def.entry,
      handler: def.handler,
      nodeModules: def.nodeModules,
      environment: { STAGE: 'test' },
      table,
      logRetention: RetentionDays.TWO_WEEKS,
      retainLogs: false,
    });
    template = Template.fromStack(stack);
    outdir = app.outdir;
  }, 300_000);

  it('ships exceljs (with the streaming reader the worker loads) as node_modules, not in the bundle', () => {
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0];
    const hash = String(fn?.Properties.Code.S3Key).replace(/\.zip$/, '');
    const assetDir = join(outdir, `asset.${hash}`);
    expect(existsSync(join(assetDir, 'index.mjs'))).toBe(true);
    expect(existsSync(join(assetDir, 'node_modules/exceljs/lib/stream/xlsx/workbook-reader.js'))).toBe(true);
    const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    // The reader resolves exceljs's streaming reader from node_modules at run time; exceljs itself
    // (about 1 MB minified with its dependencies) is not inlined, nor is the AWS SDK.
    expect(code).toContain('exceljs/lib/stream/xlsx/workbook-reader.js');
    expect(code.length).toBeLessThan(1_000_000);
    expect(code).not.toMatch(/@aws-sdk\/[\w-]+\/dist-/);
    const pkg = JSON.parse(readFileSync(join(assetDir, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies ?? {})).toEqual(['exceljs']);
  });
});
