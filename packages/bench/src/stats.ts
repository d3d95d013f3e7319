/** The p-th percentile (0-100) of a list of numbers, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface LatencyStats {
  requests: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/**
 * Sends `count` requests, `parallel` at a time, and reports latencies. The
 * first `warmup` requests are not counted.
 */
export async function timeRequests(options: {
  count: number;
  parallel: number;
  warmup: number;
  request: (i: number) => Promise<unknown>;
}): Promise<LatencyStats> {
  for (let i = 0; i < options.warmup; i++) await options.request(i);
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.count) {
      const i = next++;
      const started = performance.now();
      await options.request(i);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: options.parallel }, worker));
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    requests: latencies.length,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    maxMs: round(Math.max(...latencies)),
  };
}
