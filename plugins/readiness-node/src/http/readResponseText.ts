import { CustomErrorBase } from '@backstage/errors';

/**
 * A response body or file larger than the reader's byte cap; nothing of it
 * is used.
 *
 * @public
 */
export class TooLargeError extends CustomErrorBase {
  /** Always `TooLargeError`, so it survives serialisation. */
  name = 'TooLargeError' as const;
  /** The cap that was exceeded, in bytes. */
  readonly maxBytes: number;

  constructor(what: string, maxBytes: number) {
    super(`${what} is larger than ${maxBytes} bytes, the configured limit`);
    this.maxBytes = maxBytes;
  }
}

/**
 * The body of a fetch response as text, read no further than `maxBytes`:
 * a larger body (by its `Content-Length`, or counted while streaming when it
 * has none or understates it) is cancelled and a {@link TooLargeError}
 * naming `what` is thrown.
 *
 * @public
 */
export async function readResponseText(
  response: Response,
  maxBytes: number,
  what: string,
): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (!response.body) {
    return '';
  }
  const reader = response.body.getReader();
  // Cancelling is not awaited: some sources settle it only when the peer
  // closes, and the caller must get its error now.
  if (Number.isFinite(declared) && declared > maxBytes) {
    void reader.cancel().catch(() => undefined);
    throw new TooLargeError(what, maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    total += value.byteLength;
    if (total > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw new TooLargeError(what, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The first `maxBytes` bytes of a response body as text, for bodies whose
 * head is useful on its own (a build log): the rest is cancelled unread and
 * `truncated` says so.
 *
 * @public
 */
export async function readResponseHead(
  response: Response,
  maxBytes: number,
): Promise<{ text: string; truncated: boolean }> {
  if (!response.body) {
    return { text: '', truncated: false };
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
    }
    if (total + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - total));
      void reader.cancel().catch(() => undefined);
      return { text: Buffer.concat(chunks).toString('utf8'), truncated: true };
    }
    chunks.push(value);
    total += value.byteLength;
  }
}
