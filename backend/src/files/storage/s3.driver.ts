import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable, Transform } from 'node:stream';
import {
  assertClinicPrefix,
  assertStorageKey,
  type ByteRange,
  FileStorage,
  type ObjectInfo,
  ObjectNotFoundError,
  type PresignedGet,
} from './file-storage.js';

export interface S3StorageOptions {
  endpoint?: string;
  region: string;
  bucket: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: boolean;
}

/** Parts of a streamed upload: S3's minimum, two in flight, so an upload holds about 10 MB at most. */
const PART_SIZE = 5 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;
/** Presigned downloads never outlive this, whatever a caller asks. */
export const MAX_PRESIGNED_SECONDS = 300;

/**
 * An S3-compatible bucket through the AWS SDK v3 (AWS, MinIO, Ceph, R2, ...). Uploads stream as a
 * multipart upload (lib-storage's Upload), aborted when the stream fails, so nothing is left behind.
 */
export class S3FileStorage extends FileStorage {
  readonly driver = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: S3StorageOptions) {
    super();
    this.bucket = options.bucket;
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      credentials: options.credentials,
      forcePathStyle: options.forcePathStyle,
      // The SDK's default adds CRC32 trailers to every upload, which not every S3-compatible server
      // accepts; integrity is ours anyway (SHA-256 computed while the bytes stream in).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async test(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: assertStorageKey(key) }));
      return { size: head.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async createReadStream(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: assertStorageKey(key),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      if (!(object.Body instanceof Readable)) throw new Error('The S3 client did not return a Node.js stream');
      // Some S3-compatible servers answer a range with the whole object (s3rver does for bytes=0-0).
      if (range && object.ContentLength !== range.end - range.start + 1) return sliceOf(object.Body, range);
      return object.Body;
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(key);
      throw error;
    }
  }

  async upload(key: string, body: Readable, contentType: string): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: assertStorageKey(key), Body: body, ContentType: contentType },
      partSize: PART_SIZE,
      queueSize: PARTS_IN_FLIGHT,
      leavePartsOnError: false,
    });
    // The SDK stops reading a failed body but does not always reject at once: fail with the body's error.
    const failed = new Promise<never>((_resolve, reject) => {
      if (body.errored) reject(body.errored);
      else body.once('error', reject);
    });
    failed.catch(() => undefined);
    try {
      await Promise.race([upload.done(), failed]);
    } catch (error) {
      await upload.abort().catch(() => undefined);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: assertStorageKey(key) }));
  }

  async list(clinicId: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${assertClinicPrefix(clinicId)}/`, ContinuationToken: token }),
      );
      keys.push(...(page.Contents ?? []).map((object) => object.Key!));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  override presignedGetUrl(key: string, options: PresignedGet): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: assertStorageKey(key),
      ResponseContentType: options.contentType,
      ResponseContentDisposition: options.contentDisposition,
      ResponseCacheControl: 'private, no-store',
    });
    return getSignedUrl(this.client, command, { expiresIn: Math.min(options.expiresInSeconds, MAX_PRESIGNED_SECONDS) });
  }

  override close(): Promise<void> {
    this.client.destroy();
    return Promise.resolve();
  }
}

/** The range's bytes out of a stream of the whole object. */
function sliceOf(whole: Readable, range: ByteRange): Readable {
  let position = 0;
  const slice = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const from = Math.max(range.start - position, 0);
      const to = Math.min(range.end + 1 - position, chunk.length);
      position += chunk.length;
      if (to > from) this.push(chunk.subarray(from, to));
      if (position > range.end) {
        this.push(null);
        whole.destroy();
      }
      callback();
    },
  });
  whole.once('error', (error) => slice.destroy(error));
  return whole.pipe(slice);
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.$metadata.httpStatusCode === 404 || error.name === 'NoSuchKey' || error.name === 'NotFound')
  );
}
