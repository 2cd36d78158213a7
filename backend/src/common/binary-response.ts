import type { Readable } from 'node:stream';

/** An answer made of bytes (a file, a thumbnail) or a redirect, with its status and headers. */
export interface BinaryContent {
  status: number;
  headers: Record<string, string>;
  body?: Readable;
}

/**
 * The answer as a web Response, which Nest sends with exactly its status and headers (206, 302 included)
 * on any adapter, streaming the body with backpressure: controllers need no @Res().
 */
export function toWebResponse(content: BinaryContent): Response {
  return new Response(content.body ? pullStream(content.body) : null, { status: content.status, headers: content.headers });
}

/** A web stream that reads the Node stream only as fast as the client takes it. */
function pullStream(stream: Readable): ReadableStream<Uint8Array> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      cancel() {
        stream.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}
