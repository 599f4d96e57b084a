import {
  Annotations,
  Aws,
  CfnOutput,
  DefaultStackSynthesizer,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { acknowledge, wildcardResource } from '../nag';
import { bucketName, repoFileExists, repoPath } from '../naming';
import type { Settings } from '../settings';

/** The built frontend (Vite output); deployed only when it exists. */
export const WEB_DIST = 'web/dist';
/** Runtime settings of the web app, served next to it (web/src/config.ts). */
export const RUNTIME_CONFIG = 'config.json';

export interface WebStackProps extends StackProps {
  settings: Settings;
  httpApi: IHttpApi;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
}

/**
 * The one public origin: CloudFront serves the static app from S3 and sends /api/* to the HTTP
 * API, so the browser never makes a cross-origin API call.
 */
export class WebStack extends Stack {
  readonly distribution: Distribution;
  readonly webBucket: Bucket;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { settings } = props;

    // CloudFront standard logging writes with ACLs, so this bucket (unlike the data stack's) allows them.
    const logs = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      logs,
      'S1',
      'This is the log destination for CloudFront and the web bucket; logging it into itself would loop.',
    );

    // The web bucket holds build output only, rebuilt on every deploy: it is not stateful.
    this.webBucket = new Bucket(this, 'WebBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'web-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Client-side routes (/homes/123) have no object in S3: serve index.html for any path without
    // a file extension. Done at the edge for the default behaviour only, so API 404s stay API 404s.
    const spaFallback = new CloudFrontFunction(this, 'SpaFallback', {
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Serve index.html for client-side routes',
      code: FunctionCode.fromInline(
        [
          'function handler(event) {',
          '  var request = event.request;',
          "  var last = request.uri.split('/').pop();",
          "  if (last.indexOf('.') === -1) { request.uri = '/index.html'; }",
          '  return request;',
          '}',
        ].join('\n'),
      ),
    });

    const uploadsOrigin = `https://${bucketName(settings, 'uploads')}.s3.${settings.region}.${Aws.URL_SUFFIX}`;
    const cognitoOrigin = `https://cognito-idp.${settings.region}.${Aws.URL_SUFFIX}`;
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `${settings.prefix}-security-headers`,
      comment: 'Security headers for the app and the API',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          override: true,
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            // The same policy the local host serves (local/service.ts), so what works locally works here.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            // Cognito for sign-in; the uploads bucket for presigned PUTs of bulk update spreadsheets.
            `connect-src 'self' ${cognitoOrigin} ${uploadsOrigin}`,
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            'upgrade-insecure-requests',
          ].join('; '),
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          // Geolocation for "near me" searches; nothing else.
          {
            header: 'Permissions-Policy',
            value: 'geolocation=(self), camera=(), microphone=()',
            override: true,
          },
        ],
      },
    });

    const apiDomain = `${props.httpApi.apiId}.execute-api.${settings.region}.${Aws.URL_SUFFIX}`;
    const certificate = settings.certificateArn
      ? Certificate.fromCertificateArn(this, 'Certificate', settings.certificateArn)
      : undefined;

    const webOrigin = S3BucketOrigin.withOriginAccessControl(this.webBucket);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${settings.prefix} web app and API`,
      defaultRootObject: 'index.html',
      priceClass: PriceClass.PRICE_CLASS_100,
      httpVersion: HttpVersion.HTTP2_AND_3,
      ...(certificate && settings.appDomain
        ? {
            certificate,
            domainNames: [settings.appDomain],
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      ...(settings.webAclArn ? { webAclId: settings.webAclArn } : {}),
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: webOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        compress: true,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: spaFallback, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        // Runtime settings of the web app: never cached, so a redeploy of the stacks takes effect at once.
        [`/${RUNTIME_CONFIG}`]: {
          origin: webOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          responseHeadersPolicy: headers,
        },
        '/api/*': {
          origin: new HttpOrigin(apiDomain, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // API Gateway routes on its own Host; everything else (Authorization, x-api-key, query) passes.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        },
      },
    });

    acknowledge(
      this.distribution,
      'CFR1',
      'No geo restriction: supplier platforms call the API from hosting outside the UK, and NHS staff travel; ' +
        'authentication, not location, protects the data.',
    );
    if (!settings.webAclArn) {
      acknowledge(
        this.distribution,
        'CFR2',
        'A CLOUDFRONT-scope WAF web ACL must live in us-east-1; pass its ARN with -c webAclArn=... to attach it. ' +
          'Meanwhile API Gateway throttling and Cognito threat protection limit abuse.',
      );
    }
    if (!certificate) {
      acknowledge(
        this.distribution,
        'CFR4',
        'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose minimum TLS ' +
          'version cannot be set; with -c appDomain/certificateArn the distribution requires TLS 1.2 (2021 policy).',
      );
    }

    // The build (when there is one) and /config.json, the runtime settings web/src/config.ts reads.
    const runtimeConfig = {
      apiBase: '/api',
      stage: settings.stage,
      localMode: false,
      cognito: {
        endpoint: cognitoOrigin,
        region: settings.region,
        userPoolId: props.userPool.userPoolId,
        clientId: props.userPoolClient.userPoolClientId,
      },
    };
    const sources = [Source.jsonData(RUNTIME_CONFIG, runtimeConfig)];
    if (repoFileExists(WEB_DIST)) {
      sources.unshift(Source.asset(repoPath(WEB_DIST)));
    } else {
      Annotations.of(this).addInfo(
        `${WEB_DIST} does not exist: only ${RUNTIME_CONFIG} is deployed (build the web app first).`,
      );
    }
    new BucketDeployment(this, 'DeployWeb', {
      sources,
      destinationBucket: this.webBucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    this.acknowledgeDeploymentProvider();

    new CfnOutput(this, 'AppUrl', {
      value: settings.appDomain
        ? `https://${settings.appDomain}`
        : `https://${this.distribution.distributionDomainName}`,
    });
  }

  /** BucketDeployment's singleton provider function, which CDK creates with its own policy. */
  private acknowledgeDeploymentProvider(): void {
    const provider = this.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!provider) return;
    const why = 'CDK-provided BucketDeployment provider, run only during deploys:';
    const synthesizer = this.synthesizer;
    const qualifier =
      (synthesizer instanceof DefaultStackSynthesizer ? synthesizer.bootstrapQualifier : undefined) ??
      DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const assets = `arn:${this.partition}:s3:::cdk-${qualifier}-assets-${Aws.ACCOUNT_ID}-${this.region}/*`;
    const findings: [string, string][] = [
      [
        'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        `${why} the managed policy only lets it write its own logs.`,
      ],
      ['IAM5[Action::s3:GetBucket*]', `${why} reads the asset and web buckets.`],
      ['IAM5[Action::s3:GetObject*]', `${why} reads the uploaded build and the current web files.`],
      ['IAM5[Action::s3:List*]', `${why} lists files to prune the web bucket.`],
      ['IAM5[Action::s3:Abort*]', `${why} aborts its own multipart copies into the web bucket.`],
      ['IAM5[Action::s3:DeleteObject*]', `${why} prunes files of the previous build from the web bucket.`],
      [
        wildcardResource(this, assets),
        `${why} the build arrives as an asset zip in the CDK bootstrap bucket.`,
      ],
      [
        wildcardResource(this, this.webBucket.arnForObjects('*')),
        `${why} it writes every file of the build.`,
      ],
      [
        'IAM5[Resource::*]',
        `${why} cloudfront:CreateInvalidation/GetInvalidation do not support resource-level permissions in this construct.`,
      ],
      ['L1', `${why} its Python runtime is pinned by aws-cdk-lib and moves with CDK upgrades.`],
    ];
    for (const [id, reason] of findings) acknowledge(provider, id, reason);
  }
}
