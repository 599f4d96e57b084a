import { Annotations, Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpJwtAuthorizer,
  HttpLambdaAuthorizer,
  HttpLambdaResponseType,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IConfigurationSet, IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import type { FunctionDef, FunctionName, RouteAuth } from '../../shared/wiring/definitions';
import { AppFunction } from '../constructs/app-function';
import { acknowledge, wildcardResource } from '../nag';
import { bucketEnvVar, bucketName, dataBucketNames, pascal, repoFileExists } from '../naming';
import type { Settings } from '../settings';
import { functionEntries, lambdaName, WIRING, type Wiring } from '../wiring';

/**
 * Where each request authorizer finds its credential; API Gateway also caches the authorizer's
 * answer per value. Supplier platforms send their key in x-api-key, leaving Authorization to JWTs.
 */
export const AUTHORIZER_IDENTITY: Partial<Record<RouteAuth, string>> = {
  'supplier-key': '$request.header.x-api-key',
};

export interface ApiStackProps extends StackProps {
  settings: Settings;
  table: ITable;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  emailIdentity: IEmailIdentity;
  configurationSet: IConfigurationSet;
  emailFrom: string;
  linkSigningSecret: ISecret;
  cqcApiKeySecret: ISecret;
  /** Defaults to shared/wiring/definitions.ts. */
  wiring?: Wiring;
}

/**
 * The code: one Lambda per function group in definitions.ts, and the HTTP API whose routes,
 * integrations and authorizers are built from the same table the local runtime hosts.
 */
/**
 * Who may touch the uploads bucket: the bulk API signs presigned PUTs (the URL carries its role's
 * authority), the processor reads what was put. No other function has any access to it.
 */
const UPLOADS_PREFIX = 'bulk/';
const UPLOADS_ACCESS: Partial<Record<FunctionName, string[]>> = {
  bulk: ['s3:PutObject'],
  bulkUpload: ['s3:GetObject'],
};

export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  /** Functions by their name in definitions.ts (absent when the entry file does not exist yet). */
  readonly functions: Partial<Record<FunctionName, AppFunction>> = {};

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const prod = settings.stage === 'prod';
    const wiring = props.wiring ?? WIRING;

    const environment: Record<string, string> = {
      STAGE: settings.stage,
      LOG_LEVEL: settings.logLevel,
      POWERTOOLS_SERVICE_NAME: 'care-capacity-tracker',
      TABLE_NAME: props.table.tableName,
      USER_POOL_ID: props.userPool.userPoolId,
      USER_POOL_CLIENT_ID: props.userPoolClient.userPoolClientId,
      EMAIL_MODE: 'ses',
      EMAIL_FROM: props.emailFrom,
      SES_CONFIGURATION_SET: props.configurationSet.configurationSetName,
      // Secrets never go into plain environment variables: handlers read them by ARN.
      LINK_SIGNING_SECRET_ARN: props.linkSigningSecret.secretArn,
      CQC_API_KEY_SECRET_ARN: props.cqcApiKeySecret.secretArn,
    };
    for (const name of dataBucketNames) environment[bucketEnvVar(name)] = bucketName(settings, name);
    if (settings.appOrigin) {
      environment.APP_BASE_URL = settings.appOrigin;
    } else {
      Annotations.of(this).addInfo(
        'APP_BASE_URL is not set: pass -c appDomain=... (with certificateArn) or -c appUrl=<the CloudFront URL> ' +
          'so email links point at the app.',
      );
    }

    const makeFunction = (name: string, def: FunctionDef): AppFunction | undefined => {
      const id = pascal(name);
      if (!repoFileExists(def.entry)) {
        const message = `${def.entry} does not exist: ${id} and everything wired to it are left out`;
        if (prod) Annotations.of(this).addError(message);
        else Annotations.of(this).addWarningV2('cct:missing-handler', message);
        return undefined;
      }
      const fn = new AppFunction(this, id, {
        functionName: lambdaName(settings, name),
        entry: def.entry,
        handler: def.handler,
        memoryMb: def.memoryMb,
        timeoutSeconds: def.timeoutSeconds,
        nodeModules: def.nodeModules,
        environment,
        table: props.table,
        logRetention: prod ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS,
        retainLogs: prod,
      });
      this.grantServices(fn, props, name as FunctionName);
      return fn;
    };

    for (const [name, def] of functionEntries(wiring)) {
      const fn = makeFunction(name, def);
      if (fn) this.functions[name] = fn;
    }

    // Cognito triggers: the pool names these functions by ARN (auth stack); here Cognito may invoke them.
    for (const fnName of new Set(Object.values(wiring.cognitoTriggers))) {
      this.functions[fnName]?.function.addPermission('CognitoInvoke', {
        principal: new ServicePrincipal('cognito-idp.amazonaws.com'),
        sourceArn: props.userPool.userPoolArn,
        sourceAccount: Aws.ACCOUNT_ID,
      });
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: prod ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: settings.prefix,
      description: 'Care Capacity Tracker API (served under /api/* by CloudFront)',
      createDefaultStage: false,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });

    // Lambda authorizers reuse a function group when definitions.ts lists the same handler there.
    const authorizerFunction = (auth: RouteAuth, def: FunctionDef): AppFunction | undefined => {
      const existing = functionEntries(wiring).find(
        ([, d]) => d.entry === def.entry && d.handler === def.handler,
      );
      return existing ? this.functions[existing[0]] : makeFunction(`${auth}-authorizer`, def);
    };
    const authorizers = this.authorizers(props, wiring, authorizerFunction);

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of wiring.routes) {
      const fn = this.functions[route.fn];
      const authorizer = authorizers[route.auth];
      if (!fn || !authorizer) {
        const why = fn ? `its ${route.auth} authorizer is missing` : `function ${route.fn} is missing`;
        Annotations.of(this).addWarningV2(
          'cct:route-skipped',
          `${route.method} ${route.path} skipped: ${why}`,
        );
        continue;
      }
      let integration = integrations.get(route.fn);
      if (!integration) {
        // One permission per function for the whole API, not one per route: the resource policy of
        // a function that serves dozens of routes would otherwise approach its 20 KB limit.
        integration = new HttpLambdaIntegration(`${pascal(route.fn)}Integration`, fn.function, {
          scopePermissionToRoute: false,
        });
        integrations.set(route.fn, integration);
      }
      const httpRoute = new HttpRoute(this, `Route${route.method}${pascal(route.path) || 'Root'}`, {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration,
        authorizer,
      });
      if (route.auth === 'none') {
        acknowledge(
          httpRoute,
          'APIG4',
          `${route.method} ${route.path} is public by design (auth: 'none' in shared/wiring/definitions.ts).`,
        );
      }
    }

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint });
  }

  private authorizers(
    props: ApiStackProps,
    wiring: Wiring,
    authorizerFunction: (auth: RouteAuth, def: FunctionDef) => AppFunction | undefined,
  ): Record<RouteAuth, IHttpRouteAuthorizer | undefined> {
    const result: Record<RouteAuth, IHttpRouteAuthorizer | undefined> = {
      none: new HttpNoneAuthorizer(),
      // Cognito access tokens carry client_id instead of aud; the JWT authorizer checks either.
      jwt: new HttpJwtAuthorizer(
        'CognitoJwt',
        `https://cognito-idp.${this.region}.${Aws.URL_SUFFIX}/${props.userPool.userPoolId}`,
        {
          jwtAudience: [props.userPoolClient.userPoolClientId],
          identitySource: ['$request.header.Authorization'],
        },
      ),
      'supplier-key': undefined,
    };
    const used = new Set(wiring.routes.map((r) => r.auth));
    for (const [auth, def] of Object.entries(wiring.authorizers) as [RouteAuth, FunctionDef][]) {
      if (!used.has(auth)) continue;
      const fn = authorizerFunction(auth, def);
      if (!fn) continue;
      result[auth] = new HttpLambdaAuthorizer(`${pascal(auth)}Authorizer`, fn.function, {
        responseTypes: [HttpLambdaResponseType.SIMPLE],
        identitySource: [AUTHORIZER_IDENTITY[auth] ?? '$request.header.Authorization'],
        // No result caching: a revoked key or disabled supplier is refused from the next request, and
        // the cloud answers exactly as the local host, which caches nothing (docs/adr/0002-supplier-auth.md).
        resultsCacheTtl: Duration.seconds(0),
      });
    }
    return result;
  }

  /**
   * What every handler may touch besides the table (granted in AppFunction): the data buckets,
   * SES for its own identity and configuration set, the two secrets, and Cognito user admin.
   */
  private grantServices(fn: AppFunction, props: ApiStackProps, fnName: FunctionName): void {
    const { settings } = props;
    for (const name of dataBucketNames) {
      const arn = `arn:${Aws.PARTITION}:s3:::${bucketName(settings, name)}`;
      if (name === 'uploads') {
        // Uploaded spreadsheets hold personal data: only the bulk functions touch them, one action each.
        const actions = UPLOADS_ACCESS[fnName];
        if (!actions) continue;
        const uploads = `${arn}/${UPLOADS_PREFIX}*`;
        fn.role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [uploads] }));
        acknowledge(
          fn.role,
          wildcardResource(this, uploads),
          `Upload keys are ${UPLOADS_PREFIX}<job id>.xlsx, chosen per upload; access is to that prefix of this one bucket.`,
        );
        continue;
      }
      const objects = `${arn}/*`;
      fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [arn] }));
      fn.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
          resources: [objects],
        }),
      );
      acknowledge(
        fn.role,
        wildcardResource(this, objects),
        `Object keys in the ${name} bucket are chosen at run time (upload ids, data file names); access is to this one bucket.`,
      );
    }
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          props.emailIdentity.emailIdentityArn,
          this.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: props.configurationSet.configurationSetName,
          }),
        ],
      }),
    );
    props.linkSigningSecret.grantRead(fn.role);
    props.cqcApiKeySecret.grantRead(fn.role);
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [
          'cognito-idp:AdminGetUser',
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminDisableUser',
          'cognito-idp:AdminEnableUser',
          'cognito-idp:AdminUpdateUserAttributes',
          'cognito-idp:AdminAddUserToGroup',
          'cognito-idp:AdminRemoveUserFromGroup',
          'cognito-idp:AdminListGroupsForUser',
          'cognito-idp:AdminUserGlobalSignOut',
          'cognito-idp:ListUsers',
        ],
        resources: [props.userPool.userPoolArn],
      }),
    );
  }
}
