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
