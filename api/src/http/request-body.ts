// Request bodies read with a cap. A client may declare any length, or send
// without declaring one: nothing past the cap is kept in memory, and a body
// over it is refused (413) as soon as that is known. The refusal closes the
// connection, so the rest of the body is never read.
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The default cap of a /graphql body (MAX_GRAPHQL_BODY_BYTES): queries are
 * limited to 2,000 tokens, and the largest input, a deletion request's
 * details, to 5,000 characters.
 */
export const GRAPHQL_BODY_LIMIT = 100 * 1024;

/**
 * The default cap of a no-JavaScript form's body (MAX_FORM_BODY_BYTES), above
 * any honest form: the longest answers (5,000 + 2 × 200 + 320 characters)
 * percent-encoded, where a character of a non-Latin script takes up to nine
 * bytes, come to about 50 KB.
 */
export const FORM_BODY_LIMIT = 64 * 1024;

/**
 * The body, or null when it is larger than `limit` bytes: at once when its
 * declared Content-Length is, else when the bytes received pass the cap.
 */
export function readBodyWithin(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.pause();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      stop();
      chunks.length = 0;
      resolve(null);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}

/**
 * Answers 413 to a body that was not read to its end. `Connection: close`
 * makes Node close the socket once the answer is sent, instead of reading
 * the rest of the body to reuse the connection.
 */
export function refuseTooLarge(response: ServerResponse, headers: Record<string, string>, body: string): void {
  response.writeHead(413, { ...headers, connection: 'close' });
  response.end(body);
}

/** "100 KB" for people; limits are set in bytes. */
export const kilobytes = (bytes: number) => `${Math.floor(bytes / 1024)} KB`;
