import { createHash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import { CONTROL_CHARACTER } from './file-types.js';

/**
 * The first `bytes` of a stream (fewer when it ends first) and a stream of the whole, head included,
 * that goes on reading where the peek stopped: the type is known before anything is stored, and
 * nothing is held but the head. The head is put back into the stream itself (no extra stage per chunk).
 */
export async function peek(stream: Readable, bytes: number): Promise<{ head: Buffer; complete: boolean; whole: Readable }> {
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < bytes && !ended) {
    const chunk = stream.read() as Buffer | null;
    if (chunk !== null) {
      chunks.push(chunk);
      length += chunk.length;
    } else {
      ended = await nextEvent(stream);
    }
  }
  const head = Buffer.concat(chunks, length);
  if (ended) return { head, complete: true, whole: Readable.from(head.length > 0 ? [head] : []) };
  stream.unshift(head);
  return { head, complete: false, whole: stream };
}

/** Waits until the stream has more to read (false) or has ended (true); rejects with its error. */
function nextEvent(stream: Readable): Promise<boolean> {
  if (stream.readableEnded) return Promise.resolve(true);
  if (stream.errored) return Promise.reject(stream.errored);
  return new Promise((resolve, reject) => {
    const settle = (outcome: () => void) => {
      stream.off('readable', onReadable).off('end', onEnd).off('error', onError);
      outcome();
    };
    const onReadable = () => settle(() => resolve(false));
    const onEnd = () => settle(() => resolve(true));
    const onError = (error: Error) => settle(() => reject(error));
    stream.on('readable', onReadable).on('end', onEnd).on('error', onError);
  });
}

/** Why a stream was stopped while it passed through an UploadMeter. */
export class UploadRefused extends Error {
  constructor(readonly reason: 'too-large' | 'not-text') {
    super(reason === 'too-large' ? 'The file is larger than allowed' : 'The file is not plain UTF-8 text');
  }
}

/**
 * Passes the bytes through while counting and hashing them (SHA-256), and fails the stream the moment
 * it passes `maxBytes` (or, for a text file, stops being UTF-8 text without control characters).
 */
export class UploadMeter extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');
  private readonly text?: TextDecoder;

  constructor(
    private readonly maxBytes: number,
    options: { text: boolean },
  ) {
    super();
    if (options.text) this.text = new TextDecoder('utf-8', { fatal: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return callback(new UploadRefused('too-large'));
    if (this.text && !this.isText(chunk, true)) return callback(new UploadRefused('not-text'));
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.text && !this.isText(undefined, false)) return callback(new UploadRefused('not-text'));
    callback();
  }

  /** Hex SHA-256 of everything that passed (once the stream has ended). */
  sha256(): string {
    return this.hash.digest('hex');
  }

  private isText(chunk: Buffer | undefined, more: boolean): boolean {
    try {
      return !CONTROL_CHARACTER.test(this.text!.decode(chunk, { stream: more }));
    } catch {
      return false;
    }
  }
}
