#!/usr/bin/env node
/*
 * Opens a portal page in headless Chromium, signs in as guest when the sign-in
 * page shows, waits for a text and saves a full-page screenshot.
 *
 *   node scripts/e2e/screenshot.mjs <url> <output.png> [text to wait for ...] [!text that must not show ...] [>button to click ...]
 *
 * Texts and `>`-prefixed buttons are taken in order: a button is clicked
 * (to open a collapsed section) once the texts before it showed.
 * Exits 0 when every text appeared and no `!`-prefixed text shows once the
 * page settled, 1 otherwise (a screenshot is still saved,
 * to show what the page looked like). Uses playwright-core with the system
 * Chromium (CHROMIUM_PATH, default /usr/bin/chromium); it downloads nothing.
 * Environment: SCREENSHOT_TIMEOUT_MS (default 60000) for the page load and all
 * waits together; SCREENSHOT_HEIGHT (default 1000) for the viewport, tall
 * enough for a page whose content scrolls inside the app's frame.
 */
import { chromium } from 'playwright-core';

const [url, output, ...args] = process.argv.slice(2);
const steps = args.filter(text => !text.startsWith('!'));
const texts = steps.filter(text => !text.startsWith('>'));
const absentTexts = args
  .filter(text => text.startsWith('!'))
  .map(text => text.slice(1));
if (!url || !output) {
  console.error(
    'usage: node scripts/e2e/screenshot.mjs <url> <output.png> [text to wait for ...]',
  );
  process.exit(2);
}
const timeout = Number(process.env.SCREENSHOT_TIMEOUT_MS ?? 60000);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

let ok = true;
const started = Date.now();
const remaining = () => Math.max(1000, started + timeout - Date.now());
try {
  const page = await browser.newPage({
    viewport: {
      width: 1440,
      height: Number(process.env.SCREENSHOT_HEIGHT ?? 1000),
    },
  });
  page.on('pageerror', e => console.error(`page error: ${e.message}`));
  page.on('requestfailed', r =>
    console.error(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`),
  );

  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: remaining() });

  // The app shows either the sign-in page or, with a session, the page itself.
  const enter = page.getByRole('button', { name: 'Enter' });
  const firstText = texts.length
    ? page.getByText(texts[0]).first()
    : page.locator('main').first();
  await enter.or(firstText).first().waitFor({ timeout: remaining() });
  if (await enter.isVisible()) {
    await enter.click();
    console.log('signed in as guest');
  }

  for (const step of steps) {
    if (step.startsWith('>')) {
      const name = step.slice(1);
      try {
        await page
          .getByRole('button', { name })
          .first()
          .click({ timeout: remaining() });
        console.log(`clicked: ${name}`);
      } catch {
        console.error(`could not click: ${name}`);
        ok = false;
      }
      continue;
    }
    try {
      await page.getByText(step).first().waitFor({ timeout: remaining() });
      console.log(`found: ${step}`);
    } catch {
      console.error(`missing: ${step}`);
      ok = false;
    }
  }
  // Let the entity cards finish loading (they show progress bars until then).
  await page
    .locator('[role="progressbar"]')
    .first()
    .waitFor({ state: 'hidden', timeout: Math.min(15000, remaining()) })
    .catch(() => console.error('still loading after the wait'));
  // Let late requests and images settle before the picture.
  await page
    .waitForLoadState('networkidle', { timeout: 10000 })
    .catch(() => {});
  for (const text of absentTexts) {
    if ((await page.getByText(text, { exact: true }).count()) > 0) {
      console.error(`shown but should not be: ${text}`);
      ok = false;
    } else {
      console.log(`absent as expected: ${text}`);
    }
  }
  await page.screenshot({ path: output, fullPage: true });
  console.log(`saved ${output} in ${Date.now() - started} ms`);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  ok = false;
} finally {
  await browser.close();
}
process.exit(ok ? 0 : 1);
