import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { TABLE_INDEXES } from '../../shared/infra/table';
import { acknowledge } from '../nag';
import { REPO_ROOT, repoPath } from '../naming';

/** The newest Node.js runtime this aws-cdk-lib offers; esbuild targets the same version. */
export const RUNTIME = Runtime.NODEJS_24_X;
const ESBUILD_TARGET = 'node24';

/** Lets ESM bundles load the CommonJS dependencies that call require() at run time. */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __cctCreateRequire } from 'node:module'; const require = __cctCreateRequire(import.meta.url);";

/** Item and index reads/writes; Scan is left out on purpose (list through an index instead). */
const TABLE_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];

export interface AppFunctionProps {
  /** Physical name (lib/wiring.ts lambdaName). */
  functionName: string;
  /** Entry file relative to the repository root (as in shared/wiring/definitions.ts). */
  entry: string;
  /** Exported handler name in the entry file. */
  handler: string;
  description?: string;
  memoryMb?: number;
  timeoutSeconds?: number;
  environment: Record<string, string>;
  /** The single table; every function reads and writes it. */
  table: ITable;
  logRetention: RetentionDays;
  /** Keep the log group when the stack is deleted (prod). */
  retainLogs: boolean;
  /** Installed into the bundle's node_modules rather than bundled (FunctionDef.nodeModules). */
  nodeModules?: readonly string[];
}

/**
 * Every Lambda of the app: runtime, architecture, bundling, log retention, tracing and table
 * access decided here once, so no function drifts from the others.
 */
export class AppFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    // An explicit role instead of AWSLambdaBasicExecutionRole: it may write to its own log group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.entry}#${props.handler}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      entry: repoPath(props.entry),
      handler: props.handler,
      description: props.description ?? `${props.entry}#${props.handler}`,
      runtime: RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb ?? 512,
      timeout: Duration.seconds(props.timeoutSeconds ?? 30),
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      projectRoot: REPO_ROOT,
      depsLockFilePath: repoPath('package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        target: ESBUILD_TARGET,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        // The runtime ships SDK v3; bundling it would only grow cold starts.
        externalModules: ['@aws-sdk/*'],
        ...(props.nodeModules?.length ? { nodeModules: [...props.nodeModules] } : {}),
      },
    });

    const tableArn = props.table.tableArn;
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: TABLE_ITEM_ACTIONS, resources: [tableArn] }),
    );
    // Index ARNs listed one by one from table.ts rather than `index/*`.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: TABLE_INDEXES.map((index) => `${tableArn}/index/${index.name}`),
      }),
    );

    acknowledge(
      this.role,
      'IAM5[Resource::*]',
      'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.',
    );
  }
}
