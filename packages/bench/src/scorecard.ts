import { chromium } from 'playwright-core';

export interface ScorecardView {
  /** From navigation to the first table row on screen, signed in, cold cache. */
  renderMs: number;
  /** From navigation to the page's first request to /api/readiness (app start). */
  firstApiRequestMs: number;
  /** From the last /api/readiness response before the row showed to the row. */
  afterLastResponseMs: number;
  /** Requests to /api/readiness during that view. */
  readinessRequests: number;
  /** Every request of that view, the app bundle included. */
  totalRequests: number;
  readinessPaths: string[];
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

/**
 * Opens the scorecard page in headless Chromium: once to sign in as guest,
 * then in a fresh context (empty cache, same session) that is measured.
 */
export async function measureScorecard(options: {
  baseUrl: string;
  /** Text of a row that must render, e.g. the first component's name. */
  rowText: string;
  timeoutMs?: number;
}): Promise<ScorecardView> {
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

    const context = await browser.newContext({ storageState });
    const page = await context.newPage();
    const readinessPaths: string[] = [];
    let totalRequests = 0;
    let firstApiRequestAt = NaN;
    let lastResponseAt = NaN;
    const isReadiness = (address: string) =>
      new URL(address).pathname.startsWith('/api/readiness');
    page.on('request', request => {
      totalRequests++;
      if (isReadiness(request.url())) {
        if (readinessPaths.length === 0) firstApiRequestAt = performance.now();
        readinessPaths.push(`${request.method()} ${request.url()}`);
      }
    });
    page.on('response', response => {
      if (isReadiness(response.url())) lastResponseAt = performance.now();
    });
    const started = performance.now();
    await page.goto(url, { waitUntil: 'commit', timeout });
    await page.getByText(options.rowText).first().waitFor({ timeout });
    const renderedAt = performance.now();
    const renderMs = Math.round(renderedAt - started);
    await page
      .waitForLoadState('networkidle', { timeout: 10_000 })
      .catch(() => undefined);
    await context.close();
    return {
      renderMs,
      firstApiRequestMs: Math.round(firstApiRequestAt - started),
      afterLastResponseMs: Math.round(renderedAt - lastResponseAt),
      readinessRequests: readinessPaths.length,
      totalRequests,
      readinessPaths: readinessPaths.map(p => p.replace(options.baseUrl, '')),
    };
  } finally {
    await browser.close();
  }
}
