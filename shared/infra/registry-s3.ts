import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { IngestSource } from '../app/registry/ingest';
import { streamSource } from '../app/registry/sources';

/**
 * Data files in the data bucket. A CQC file is a complete national snapshot (absence may archive)
 * when its key is under `cqc/complete/` or it carries the metadata `cct-complete: true`.
 */
export const CQC_COMPLETE_PREFIX = 'cqc/complete/';

/** Data files are published national files, not uploads; still, nothing this size is a CQC file. */
export const MAX_DATA_FILE_BYTES = 1024 * 1024 * 1024;

export interface DataObject {
  key: string;
  size: number;
  lastModified: Date;
}

export class S3DataFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  /** The most recently written object under a prefix (folders and empty objects ignored). */
  async latest(prefix: string): Promise<DataObject | undefined> {
    let best: DataObject | undefined;
    let token: string | undefined;
    do {
      const res = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of res.Contents ?? []) {
        if (!o.Key || o.Key.endsWith('/') || !o.Size || !o.LastModified) continue;
        const candidate = { key: o.Key, size: o.Size, lastModified: o.LastModified };
        if (
          !best ||
          candidate.lastModified > best.lastModified ||
          (candidate.lastModified.getTime() === best.lastModified.getTime() && candidate.key > best.key)
        ) {
          best = candidate;
        }
      }
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    return best;
  }

  async describe(key: string): Promise<{ size: number; complete: boolean }> {
    const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    const flag = head.Metadata?.['cct-complete']?.toLowerCase();
    return {
      size: head.ContentLength ?? 0,
      complete: key.startsWith(CQC_COMPLETE_PREFIX) || flag === 'true' || flag === 'yes',
    };
  }

  /** The object as an ingestion source: each pass streams it again rather than holding it in memory. */
  source(key: string): IngestSource {
    return streamSource(key, async () => {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const body = res.Body as AsyncIterable<Uint8Array> | undefined;
      if (!body) throw new Error(`s3://${this.bucket}/${key} has no body`);
      return body;
    });
  }

  async text(key: string): Promise<string> {
    const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!res.Body) throw new Error(`s3://${this.bucket}/${key} has no body`);
    return res.Body.transformToString('utf-8');
  }
}
