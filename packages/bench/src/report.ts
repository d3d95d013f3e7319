import { PREVIEW_TARGET_MS } from './preview';

const BEGIN = '<!-- bench:results:begin (written by `yarn bench`) -->';
const END = '<!-- bench:results:end -->';

/** Targets of issue 8, on 2 cores. */
export const TARGETS = {
  cycleMs: 5 * 60_000,
  summariesP95Ms: 100,
  entityReportP95Ms: 20,
  scanMs: 1000,
  peakRssMiB: 512,
  scorecardMs: 1000,
};

const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The generated part of docs/benchmarks.md: kept between markers so the
 * hand-written analysis around it survives a re-run.
 */
export function renderMarkdown(results: any, previous: string): string {
  const lines: string[] = [BEGIN, ''];
  const m = results.machine;
  lines.push(
    `Run ${results.startedAt} to ${results.finishedAt} (UTC), commit ${m.commit}.`,
    '',
    `- Machine: ${m.cores} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}.`,
    `- Load average (1, 5, 15 min): ${results.loadAverage.start} at start, ${results.loadAverage.end} at the end.`,
    `- Command: \`${results.command}\``,
    `- Fake OSV latency ${results.options.osvLatencyMs} ms per call; collection concurrency ${results.options.concurrency}; ${results.options.requests} timed requests per endpoint.`,
    '',
    '| figure | target | result | |',
    '| --- | --- | --- | --- |',
    `| \`readiness scan examples/claude-flow\` offline, whole process (median of ${results.scan.runs}) | ≤ 1 s | ${results.scan.medianMs} ms (max ${results.scan.maxMs} ms) | ${verdict(results.scan.medianMs <= TARGETS.scanMs)} |`,
  );
  for (const size of results.sizes) {
    for (const b of size.backends) {
      const label = `${size.size} components, ${b.database}`;
      const calls = b.osvCalls.querybatch + b.osvCalls.vulns;
      lines.push(
        `| ${label}: full collection and evaluation cycle | ≤ 5 min | ${seconds(b.cycleMs)} (${b.runs.map((r: any) => `${r.collector} ${seconds(r.wallMs)}`).join(', ')}) | ${verdict(b.cycleMs <= TARGETS.cycleMs)} |`,
        `| ${label}: peak RSS of the backend during the cycle (VmHWM, reset when it starts) | ≤ 512 MB | ${b.collectionPeakRssMiB} MiB (${b.rssBeforeCollectionMiB} MiB at the start; catalog ingestion peaked at ${b.peakRssBeforeCollectionMiB} MiB) | ${verdict(b.collectionPeakRssMiB <= TARGETS.peakRssMiB)} |`,
        `| ${label}: OSV calls | ≤ ⌈${size.workload.uniquePackages}/1000⌉ + ${size.workload.uniqueAdvisories} = ${size.osvBound} | ${calls} (${b.osvCalls.querybatch} querybatch carrying ${b.osvCalls.batchQueries} queries, ${b.osvCalls.vulns} vulns) | ${verdict(calls <= size.osvBound)} |`,
        `| ${label}: summaries p50 / p95 | p95 ≤ 100 ms | ${b.summaries.p50Ms} / ${b.summaries.p95Ms} ms (8 in parallel: ${b.summariesParallel8.p50Ms} / ${b.summariesParallel8.p95Ms} ms) | ${verdict(b.summaries.p95Ms <= TARGETS.summariesP95Ms)} |`,
        `| ${label}: entity report p50 / p95 | p95 ≤ 20 ms | ${b.entityReport.p50Ms} / ${b.entityReport.p95Ms} ms (the catalog's own entity lookup, which it makes first: ${b.catalogEntity.p50Ms} / ${b.catalogEntity.p95Ms} ms) | ${verdict(b.entityReport.p95Ms <= TARGETS.entityReportP95Ms)} |`,
      );
      if (b.preview) {
        lines.push(
          `| ${label}: rule preview (\`POST /v1/checks/preview\`, every entity evaluated twice) p50 / max | < 5 s | ${seconds(b.preview.p50Ms)} / ${seconds(b.preview.maxMs)} (${b.preview.counts.evaluated} evaluated, ${b.preview.counts.changed} would change) | ${verdict(b.preview.maxMs < PREVIEW_TARGET_MS)} |`,
        );
      }
      if (b.scorecard) {
        lines.push(
          b.scorecard.error
            ? `| ${label}: scorecard first view | ≤ 1 s | failed: ${b.scorecard.error} | **missed** |`
            : `| ${label}: scorecard first view (signed in, empty cache) | ≤ 1 s | ${b.scorecard.renderMs} ms (the app's first API request at ${b.scorecard.firstApiRequestMs} ms), ${b.scorecard.readinessRequests} requests to /api/readiness (${b.scorecard.totalRequests} in all) | ${verdict(b.scorecard.renderMs <= TARGETS.scorecardMs)} |`,
        );
      }
    }
  }
  lines.push('', '### Side by side: naive baseline', '');
  lines.push(
    '| catalog | Readiness OSV calls | naive calls (one per package per entity) | ratio | Readiness repository run | naive, projected from a sample | ratio |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const size of results.sizes) {
    const b = size.backends[0];
    if (!b) continue;
    const calls = b.osvCalls.querybatch + b.osvCalls.vulns;
    const repo = b.runs.find((r: any) => r.collector === 'repository');
    lines.push(
      `| ${size.size} | ${calls} | ${size.naive.projectedCalls} | ${Math.round(size.naive.projectedCalls / Math.max(1, calls))}× | ${seconds(repo.wallMs)} | ${seconds(size.naive.projectedWallMs)} (${size.naive.sampledComponents} components: ${size.naive.calls} calls in ${seconds(size.naive.wallMs)}) | ${(size.naive.projectedWallMs / repo.wallMs).toFixed(1)}× |`,
    );
  }
  lines.push(
    '',
    '### Side by side: Tech Insights bulk check endpoint',
    '',
    "Tech Insights (`@backstage-community/plugin-tech-insights-backend` with the JSON rules fact checker) in its own backend on SQLite, with a fact retriever reading the same repositories and checks equivalent to Readiness's repository checks. A page of 50 entities: `POST /api/tech-insights/checks/run` against Readiness's `GET /v1/summaries?limit=50` (SQLite).",
    '',
    '| catalog | checks | Tech Insights p50 / p95 (50 entities) | Readiness summaries p50 / p95 | p95 ratio | every entity in one call | fact retrieval | Tech Insights peak RSS |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const size of results.sizes) {
    const ti = size.techInsights;
    const b = size.backends[0];
    if (!ti || !b) continue;
    if (ti.error) {
      lines.push(`| ${size.size} | failed: ${ti.error} | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${size.size} | ${ti.checks} | ${ti.bulkCheck50.p50Ms} / ${ti.bulkCheck50.p95Ms} ms | ${b.summaries.p50Ms} / ${b.summaries.p95Ms} ms (${b.database}) | ${(ti.bulkCheck50.p95Ms / b.summaries.p95Ms).toFixed(1)}× | ${seconds(ti.bulkCheckAllMs)} for ${ti.bulkCheckAllEntities} | ${seconds(ti.factRetrievalMs)} | ${ti.peakRssMiB} MiB |`,
    );
  }
  lines.push(
    '',
    '### Workloads',
    '',
    '| components | locked packages | unique packages | unique advisories | vulnerable components | generated in |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const size of results.sizes) {
    const w = size.workload;
    lines.push(
      `| ${size.size} | ${w.lockedPackages} | ${w.uniquePackages} | ${w.uniqueAdvisories} | ${w.vulnerableComponents} | ${seconds(w.generateMs)} (reused when present) |`,
    );
  }
  lines.push(
    '',
    'Catalog ingestion (Backstage catalog, before collection; not a Readiness figure):',
    '',
  );
  for (const size of results.sizes) {
    for (const b of size.backends) {
      lines.push(
        `- ${size.size} components, ${b.database}: backend ready in ${seconds(b.backendStartupMs)}, catalog ingested in ${seconds(b.catalogIngestMs)}, RSS ${b.rssAtReadyMiB} MiB when ready, ${b.rssBeforeCollectionMiB} MiB with the catalog in, before collection; ${b.reportedComponents} reports, ${b.stopWorkComponents} under stop-work.`,
      );
    }
  }
  lines.push('', 'Raw numbers: [benchmarks.json](benchmarks.json).', '', END);
  const block = lines.join('\n');
  const begin = previous.indexOf(BEGIN);
  const end = previous.indexOf(END);
  if (begin >= 0 && end > begin) {
    return `${previous.slice(0, begin)}${block}${previous.slice(end + END.length)}`;
  }
  return `# Benchmarks\n\n${block}\n`;
}
