import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { UploadStorage } from '../app/bulk/ports';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Bulk upload spreadsheets in the uploads bucket. */
export class S3UploadStorage implements UploadStorage {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  /**
   * Content-Length is a signed header, so S3 refuses a PUT of any other size: the size limit is
   * enforced by S3 itself, not by the browser. The processor checks the size again before reading.
   */
  async presignPut(key: string, bytes: number, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(
      this.s3,
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ContentLength: bytes,
        ContentType: XLSX_CONTENT_TYPE,
      }),
      {
        expiresIn: expiresInSeconds,
        signableHeaders: new Set(['content-length', 'content-type']),
      },
    );
  }

  async read(
    key: string,
    maxBytes: number,
  ): Promise<{ kind: 'ok'; body: Buffer } | { kind: 'too-large'; size: number } | { kind: 'missing' }> {
    let size: number;
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      size = head.ContentLength ?? 0;
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === 'NotFound' || name === 'NoSuchKey') return { kind: 'missing' };
      throw e;
    }
    if (size > maxBytes) return { kind: 'too-large', size };
    const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!res.Body) return { kind: 'missing' };
    const chunks: Buffer[] = [];
    let total = 0;
    // The object may have been replaced between HEAD and GET: the cap holds while reading too.
    for await (const chunk of res.Body as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > maxBytes) return { kind: 'too-large', size: total };
      chunks.push(Buffer.from(chunk));
    }
    return { kind: 'ok', body: Buffer.concat(chunks) };
  }
}
