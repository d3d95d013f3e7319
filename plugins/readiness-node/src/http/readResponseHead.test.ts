import { readResponseHead } from './readResponseText';

function streamed(...chunks: string[]): Response {
  const encoder = new TextEncoder();
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) {
        controller.close();
      } else {
        controller.enqueue(encoder.encode(next));
      }
    },
    cancel() {
      cancelled = true;
    },
  });
  const response = new Response(body);
  Object.defineProperty(response, 'cancelled', { get: () => cancelled });
  return response;
}

describe('readResponseHead', () => {
  it('reads a body within the cap whole', async () => {
    expect(await readResponseHead(streamed('abc', 'def'), 6)).toEqual({
      text: 'abcdef',
      truncated: false,
    });
  });

  it('keeps the head of a longer body and stops reading it', async () => {
    const response = streamed('abc', 'def', 'ghi', 'never read');
    expect(await readResponseHead(response, 5)).toEqual({
      text: 'abcde',
      truncated: true,
    });
    expect((response as unknown as { cancelled: boolean }).cancelled).toBe(
      true,
    );
  });
});
