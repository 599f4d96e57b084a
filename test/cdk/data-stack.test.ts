import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataBucketNames } from '../../lib/naming';
import { TABLE_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from '../../shared/infra/table';
import { type BuiltApp, buildApp, cleanup } from './support';

process.env.CDK_VALIDATION = 'false';

let built: BuiltApp;
let template: Template;

beforeAll(() => {
  built = buildApp();
  template = Template.fromStack(built.stacks.data);
});
afterAll(() => cleanup(built));

describe('data stack: the table', () => {
  it('is one on-demand table with PITR, deletion protection, TTL and encryption, and no stream (nothing consumes one)', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        TableName: 'cct-dev',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
        ],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        StreamSpecification: Match.absent(),
      }),
    });
  });

  it('has exactly the GSIs of shared/infra/table.ts, string keys, all attributes projected', () => {
    const table = Object.values(template.findResources('AWS::DynamoDB::Table'))[0];
    const gsis = table?.Properties.GlobalSecondaryIndexes as { IndexName: string }[];
    expect(gsis.map((g) => g.IndexName)).toEqual(TABLE_INDEXES.map((i) => i.name));
    for (const index of TABLE_INDEXES) {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        GlobalSecondaryIndexes: Match.arrayWith([
          {
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ]),
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: index.partitionKey, AttributeType: 'S' },
          { AttributeName: index.sortKey, AttributeType: 'S' },
        ]),
      });
    }
  });
});

describe('data stack: buckets', () => {
  it('creates a named bucket for every data bucket in definitions.ts, logged to the access-log bucket', () => {
    for (const name of dataBucketNames) {
      template.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          BucketName: { 'Fn::Join': ['', [`cct-dev-${name}-`, { Ref: 'AWS::AccountId' }, '-eu-west-2']] },
          LoggingConfiguration: Match.objectLike({ LogFilePrefix: `${name}/` }),
        }),
      });
    }
    // data buckets + the access-log bucket
    template.resourceCountIs('AWS::S3::Bucket', dataBucketNames.length + 1);
  });

  it('blocks public access and encrypts every bucket', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({
        ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
      });
    }
  });

  it('denies non-TLS requests on every bucket', () => {
    const buckets = Object.keys(template.findResources('AWS::S3::Bucket'));
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    for (const logicalId of buckets) {
      const policy = policies.find((p) => JSON.stringify(p.Properties.Bucket).includes(`"${logicalId}"`));
      expect(policy, `bucket policy for ${logicalId}`).toBeDefined();
      expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('expires uploads and allows presigned PUTs from the browser', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: { 'Fn::Join': ['', ['cct-dev-uploads-', { Ref: 'AWS::AccountId' }, '-eu-west-2']] },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })]),
      },
      CorsConfiguration: {
        CorsRules: [Match.objectLike({ AllowedMethods: Match.arrayWith(['PUT']), ExposedHeaders: ['ETag'] })],
      },
    });
  });

  it('versions the data bucket so an ingestion can be replayed', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: { 'Fn::Join': ['', ['cct-dev-data-', { Ref: 'AWS::AccountId' }, '-eu-west-2']] },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });
});

describe('data stack: secrets', () => {
  it('holds the link-signing key (generated) and the CQC API key', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'cct-dev/link-signing-key',
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'cct-dev/cqc-api-key' });
  });
});

describe('data stack: upload CORS origin', () => {
  it('allows only the app origin once it is known', () => {
    const withDomain = buildApp({
      context: {
        appDomain: 'beds.example.org',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
      },
    });
    try {
      Template.fromStack(withDomain.stacks.data).hasResourceProperties('AWS::S3::Bucket', {
        CorsConfiguration: {
          CorsRules: [Match.objectLike({ AllowedOrigins: ['https://beds.example.org'] })],
        },
      });
    } finally {
      cleanup(withDomain);
    }
  });
});
