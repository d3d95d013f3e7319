import { chromium, type BrowserContext } from 'playwright-core';

export interface ScorecardView {
  /**
   * From navigation start to the first table row entering the document, by
   * the page's clock; signed in, cold cache.
   */
  renderMs: number;
  /** From the harness's navigation call to its locator seeing the row. */
  detectedMs: number;
  /** From navigation start to the page's first request to /api/readiness. */
  firstApiRequestMs: number;
  /** From the last /api/readiness response before the row showed to the row. */
  afterLastResponseMs: number;
  /** Requests to /api/readiness during that view. */
  readinessRequests: number;
  /** Those of them sent before the row showed. */
  readinessRequestsBeforeRow: number;
  /** Every request of that view, the app bundle included. */
  totalRequests: number;
  readinessPaths: string[];
  /** Scripts the page loaded before its first /api/readiness request. */
  scriptsBeforeApi: number;
  /** Their bytes as sent (compressed if the server compressed them). */
  scriptBytesBeforeApi: number;
  /** Those scripts' bytes once decoded. */
  scriptBytesBeforeApiDecoded: number;
  /** From navigation start to the page's first request to /api/ of any plugin. */
  firstBackendRequestMs: number;
  /** Each backend request as `start-end ms path`, from navigation. */
  backendTimeline: string[];
}

// The flags scripts/e2e/screenshot.mjs uses: no background traffic to the
// closed network.
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The median view of `views` by render time, with every render time. */
export interface ScorecardViews extends ScorecardView {
  /** Each measured view's renderMs, in the order measured. */
  renderMsEach: number[];
}

/**
 * Opens the scorecard page in headless Chromium: once to sign in as guest,
 * then `views` times in a fresh context each (empty cache, same session),
 * measured; returns the view of median render time.
 */
export async function measureScorecard(options: {
  baseUrl: string;
  /** Text of a row that must render, e.g. the first component's name. */
  rowText: string;
  timeoutMs?: number;
  views?: number;
}): Promise<ScorecardViews> {
  const timeout = options.timeoutMs ?? 60_000;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: LAUNCH_ARGS,
  });
  try {
    const url = `${options.baseUrl}/readiness`;
    const signIn = await browser.newContext();
    const first = await signIn.newPage();
    await first.goto(url, { waitUntil: 'domcontentloaded', timeout });
    const enter = first.getByRole('button', { name: 'Enter' });
    const row = first.getByText(options.rowText).first();
    await enter.or(row).first().waitFor({ timeout });
    if (await enter.isVisible()) await enter.click();
    await row.waitFor({ timeout });
    const storageState = await signIn.storageState();
    await signIn.close();

    const views: ScorecardView[] = [];
    for (let i = 0; i < (options.views ?? 1); i++) {
      const context = await browser.newContext({ storageState });
      try {
        views.push(await measureView(context, url, options.rowText, timeout));
      } finally {
        await context.close();
      }
    }
    const byTime = [...views].sort((a, b) => a.renderMs - b.renderMs);
    return {
      ...byTime[Math.floor((byTime.length - 1) / 2)],
      renderMsEach: views.map(view => view.renderMs),
    };
  } finally {
    await browser.close();
  }
}

/** One first view of `url` in `context` until `rowText` shows. */
async function measureView(
  context: BrowserContext,
  url: string,
  rowText: string,
  timeout: number,
): Promise<ScorecardView> {
  const page = await context.newPage();
  let totalRequests = 0;
  let readinessAsked = false;
  const scriptsBeforeApi: Array<Promise<{ sent: number; decoded: number }>> =
    [];
  page.on('request', request => {
    totalRequests++;
    if (new URL(request.url()).pathname.startsWith('/api/readiness')) {
      readinessAsked = true;
    }
  });
  page.on('response', response => {
    if (readinessAsked || response.request().resourceType() !== 'script') {
      return;
    }
    scriptsBeforeApi.push(
      response
        .request()
        .sizes()
        .then(async sizes => ({
          sent: sizes.responseBodySize,
          decoded: (await response.body()).length,
        })),
    );
  });
  // The page notes when the row enters the document: the harness's polling
  // adds its own delay on a loaded machine.
  await page.addInitScript(text => {
    const observer = new MutationObserver(mutations => {
      const shown = mutations.some(mutation =>
        Array.from(mutation.addedNodes).some(node =>
          node.textContent?.includes(text),
        ),
      );
      if (!shown) return;
      observer.disconnect();
      (window as any).benchRowShownAt = performance.now();
    });
    observer.observe(document, { childList: true, subtree: true });
  }, rowText);
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit', timeout });
  await page.getByText(rowText).first().waitFor({ timeout });
  const detectedMs = Math.round(performance.now() - started);
  const shownAt = await page.waitForFunction(
    () => (window as any).benchRowShownAt,
    null,
    { timeout },
  );
  const renderMs = Math.round(Number(await shownAt.jsonValue()));
  await page
    .waitForLoadState('networkidle', { timeout: 10_000 })
    .catch(() => undefined);
  // Backend requests on the page's clock, from navigation start.
  const backend = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map(entry => entry as PerformanceResourceTiming)
      .filter(entry => new URL(entry.name).pathname.startsWith('/api/'))
      .map(entry => {
        const { pathname, search } = new URL(entry.name);
        return {
          path: `${pathname}${search}`,
          start: Math.round(entry.startTime),
          end: Math.round(entry.responseEnd),
        };
      }),
  );
  const readiness = backend.filter(r => r.path.startsWith('/api/readiness'));
  const beforeRow = readiness.filter(r => r.start < renderMs);
  const scripts = await Promise.all(scriptsBeforeApi);
  return {
    renderMs,
    detectedMs,
    firstBackendRequestMs: Math.min(...backend.map(r => r.start)),
    firstApiRequestMs: Math.min(...readiness.map(r => r.start)),
    afterLastResponseMs: renderMs - Math.max(...beforeRow.map(r => r.end)),
    readinessRequests: readiness.length,
    readinessRequestsBeforeRow: beforeRow.length,
    totalRequests,
    readinessPaths: readiness.map(r => r.path),
    scriptsBeforeApi: scripts.length,
    scriptBytesBeforeApi: scripts.reduce((sum, s) => sum + s.sent, 0),
    scriptBytesBeforeApiDecoded: scripts.reduce((sum, s) => sum + s.decoded, 0),
    backendTimeline: backend.map(r => `${r.start}-${r.end} ms ${r.path}`),
  };
}
