import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { Database } from '../db/database.js';
import type { Actor } from '../common/actor.js';
import type { BinaryContent } from '../common/binary-response.js';
import { RangeNotSatisfiableError, UnsupportedMediaTypeError } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import { FilesService } from './files.service.js';
import { answerRange } from './byte-range.js';
import { contentTypeFor, dispositionFor, framingHeaders } from './file-headers.js';
import { hasThumbnail } from './file-types.js';
import { FileStorage, thumbnailKey } from './storage/file-storage.js';
import { MAX_PRESIGNED_SECONDS } from './storage/s3.driver.js';

export const THUMBNAIL_PIXELS = 256;

/** Every answer carrying a patient's file: never cached by a shared cache or kept on disk, never sniffed. */
const PRIVATE_HEADERS = { 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' };

export interface ContentRequest {
  range?: string;
  ifRange?: string;
  /** Always as an attachment, even an image or a PDF. */
  download: boolean;
}

/** The bytes of files (whole or a range, or a redirect to a presigned URL) and their thumbnails. */
@Injectable()
export class FileContentService {
  private readonly presigned: boolean;

  constructor(
    private readonly database: Database,
    private readonly files: FilesService,
    private readonly storage: FileStorage,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.presigned = config.files.driver === 's3' && config.files.s3.presignedDownloads;
  }

  /**
   * Reading a file from its start is audited (FILE_VIEWED); the later ranges a PDF viewer or video
   * player asks for are the same viewing. The bytes stream after the transaction has committed.
   */
  async content(actor: Actor, fileId: string, request: ContentRequest): Promise<BinaryContent> {
    const etag = (sha256: string) => `"${sha256}"`;
    const { row, answer } = await this.database.transaction(actor, async (tx) => {
      const row = await this.files.findVisible(tx, actor, fileId);
      // If-Range with another validator: the file changed under the client, so it gets the whole file.
      const range = request.ifRange === undefined || request.ifRange === etag(row.sha256) ? request.range : undefined;
      const answer = this.presigned ? ({ kind: 'full' } as const) : answerRange(range, row.sizeBytes);
      if (answer.kind === 'full' || (answer.kind === 'partial' && answer.range.start === 0)) {
        await this.audit.record(actor, {
          action: 'FILE_VIEWED',
          entityType: 'file',
          entityId: fileId,
          metadata: { fileName: row.fileName },
        });
      }
      return { row, answer };
    });
    const contentType = contentTypeFor(row.mimeType);
    const disposition = dispositionFor(row.mimeType, row.fileName, request.download);
    if (this.presigned) {
      const url = await this.storage.presignedGetUrl(row.storageKey, {
        expiresInSeconds: MAX_PRESIGNED_SECONDS,
        contentType,
        contentDisposition: disposition,
      });
      if (url) return { status: 302, headers: { Location: url, ...PRIVATE_HEADERS } };
    }
    if (answer.kind === 'unsatisfiable') throw new RangeNotSatisfiableError(row.sizeBytes);
    const headers = {
      'Content-Type': contentType,
      'Content-Disposition': disposition,
      'Accept-Ranges': 'bytes',
      ETag: etag(row.sha256),
      ...PRIVATE_HEADERS,
      ...framingHeaders(disposition),
    };
    if (answer.kind === 'partial') {
      const { start, end } = answer.range;
      const body = await this.storage.createReadStream(row.storageKey, answer.range);
      return {
        status: 206,
        headers: { ...headers, 'Content-Range': `bytes ${start}-${end}/${row.sizeBytes}`, 'Content-Length': String(end - start + 1) },
        body,
      };
    }
    const body = await this.storage.createReadStream(row.storageKey);
    return { status: 200, headers: { ...headers, 'Content-Length': String(row.sizeBytes) }, body };
  }

  /**
   * A WebP of at most 256 px for JPEG, PNG and WebP images, made on first request and kept in storage
   * beside the file (purged with it). Other types have none (415).
   */
  async thumbnail(actor: Actor, fileId: string): Promise<BinaryContent> {
    const row = await this.database.transaction(actor, (tx) => this.files.findVisible(tx, actor, fileId));
    if (!hasThumbnail(row.mimeType)) {
      throw new UnsupportedMediaTypeError('no-thumbnail', `There is no thumbnail for ${row.mimeType} files.`);
    }
    const key = thumbnailKey(row.storageKey);
    let stored = await this.storage.head(key);
    if (!stored) {
      const source = await this.storage.createReadStream(row.storageKey);
      const webp = await makeThumbnail(source).catch(() => {
        throw new UnsupportedMediaTypeError('no-thumbnail', 'The image could not be decoded for a thumbnail.');
      });
      await this.storage.upload(key, Readable.from([webp]), 'image/webp');
      stored = { size: webp.length };
    }
    return {
      status: 200,
      headers: { 'Content-Type': 'image/webp', 'Content-Length': String(stored.size), ...PRIVATE_HEADERS },
      body: await this.storage.createReadStream(key),
    };
  }
}

/** Upright (EXIF orientation), within 256 x 256, WebP. Images past 100 megapixels are refused by sharp. */
async function makeThumbnail(source: Readable): Promise<Buffer> {
  const transformer = sharp({ limitInputPixels: 100_000_000, failOn: 'error' })
    .rotate()
    .resize(THUMBNAIL_PIXELS, THUMBNAIL_PIXELS, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 78 });
  source.once('error', (error) => transformer.destroy(error));
  return source.pipe(transformer).toBuffer();
}
