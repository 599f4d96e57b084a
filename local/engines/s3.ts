import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { S3Event } from 'aws-lambda';

const require = createRequire(import.meta.url);

export interface S3Engine {
  endpoint: string;
  port: number;
  /** Subscribes to object-created events, with keys URL-encoded as real S3 notifications encode them. */
  onObjectCreated(listener: (event: S3Event) => void): void;
  stop(): Promise<void>;
}

const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

export async function startS3(opts: { port: number; dir: string; buckets: string[] }): Promise<S3Engine> {
  await mkdir(opts.dir, { recursive: true });
  const S3rver = require('s3rver');
  // The app signs every local request with the access key 'local' (shared/infra/aws.ts); s3rver only
  // knows its own dummy key unless told, and refuses others even with allowMismatchedSignatures.
  require('s3rver/lib/models/account').DUMMY_ACCOUNT.createKeyPair('local', 'local');
  const server = new S3rver({
    port: opts.port,
    address: '127.0.0.1',
    silent: true,
    directory: opts.dir,
    resetOnClose: false,
    allowMismatchedSignatures: true,
    vhostBuckets: false,
    configureBuckets: opts.buckets.map((name) => ({ name, configs: [CORS] })),
  });
  await server.run();
  const listeners: Array<(e: S3Event) => void> = [];
  server.on('event', (event: S3Event) => {
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated')) continue;
      const encoded: S3Event = {
        Records: [
          {
            ...record,
            awsRegion: 'eu-west-2',
            s3: {
              ...record.s3,
              object: { ...record.s3.object, key: encodeS3Key(record.s3.object.key) },
            },
          },
        ],
      };
      for (const l of listeners) l(encoded);
    }
  });
  return {
    endpoint: `http://127.0.0.1:${opts.port}`,
    port: opts.port,
    onObjectCreated: (l) => {
      listeners.push(l);
    },
    stop: () => server.close(),
  };
}

/** S3 notifications carry keys form-encoded (space as '+'); the handlers decode them that way. */
function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}
