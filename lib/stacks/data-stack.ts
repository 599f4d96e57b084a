import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type BucketProps,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { TABLE_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from '../../shared/infra/table';
import { acknowledge } from '../nag';
import { bucketName, type DataBucketName, dataBucketNames, pascal } from '../naming';
import type { Settings } from '../settings';

export interface DataStackProps extends StackProps {
  settings: Settings;
}

/**
 * Stateful resources that outlive any deploy of the code: the table, the data buckets and the
 * secrets. Everything is retained on stack deletion; the table also has deletion protection.
 */
export class DataStack extends Stack {
  readonly table: Table;
  readonly buckets: Record<DataBucketName, Bucket>;
  readonly linkSigningSecret: Secret;
  readonly cqcApiKeySecret: Secret;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { settings } = props;

    this.table = new Table(this, 'Table', {
      tableName: settings.prefix,
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      // No stream: nothing consumes one (the search index and the supplier feed read gsi7 instead).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }

    const accessLogs = new Bucket(this, 'AccessLogs', {
      ...secureBucket,
      // Server access log delivery only supports SSE-S3 on the target bucket.
      encryption: BucketEncryption.S3_MANAGED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(365) }],
    });
    acknowledge(
      accessLogs,
      'S1',
      'This is the server access log destination; logging it into itself would loop.',
    );

    const perBucket: Record<DataBucketName, Partial<BucketProps>> = {
      uploads: {
        // Spreadsheets are processed within minutes; keeping them longer only keeps personal data longer.
        lifecycleRules: [
          { id: 'expire-uploads', expiration: Duration.days(30) },
          { id: 'abort-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        ],
        cors: [
          {
            // Browsers PUT to presigned URLs straight from the app; the signature authorises, CORS
            // only lets the app's origin read the response. Without a known origin (a first dev
            // deploy), any CloudFront domain is allowed until appUrl is set.
            allowedOrigins: [settings.appOrigin ?? 'https://*.cloudfront.net'],
            allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
            allowedHeaders: ['content-type', 'content-length', 'content-md5', 'x-amz-*'],
            exposedHeaders: ['ETag'],
            maxAge: 3000,
          },
        ],
      },
      data: {
        // Public data files are re-ingested monthly; old versions let an ingestion be replayed.
        versioned: true,
        lifecycleRules: [
          { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(90) },
          { id: 'abort-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        ],
      },
    };

    const created: Partial<Record<DataBucketName, Bucket>> = {};
    for (const name of dataBucketNames) {
      created[name] = new Bucket(this, `${pascal(name)}Bucket`, {
        ...secureBucket,
        ...perBucket[name],
        bucketName: bucketName(settings, name),
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: `${name}/`,
      });
    }
    this.buckets = created as Record<DataBucketName, Bucket>;

    this.linkSigningSecret = new Secret(this, 'LinkSigningSecret', {
      secretName: `${settings.prefix}/link-signing-key`,
      description: 'HMAC key that signs one-click links in emails (e.g. "nothing has changed").',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.linkSigningSecret,
      'SMG4',
      'Rotating the link-signing key invalidates every link already emailed; it is rotated by hand, ' +
        'outside the reminder window, until the verifier accepts a previous key.',
    );

    this.cqcApiKeySecret = new Secret(this, 'CqcApiKeySecret', {
      secretName: `${settings.prefix}/cqc-api-key`,
      description: 'Optional CQC API subscription key; replace the generated placeholder after deploy.',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.cqcApiKeySecret,
      'SMG4',
      'The CQC API key is issued by CQC (a third party); it cannot be rotated by a Lambda, only replaced by hand.',
    );
  }
}

const secureBucket = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  encryption: BucketEncryption.S3_MANAGED,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
  removalPolicy: RemovalPolicy.RETAIN,
} satisfies Partial<BucketProps>;
