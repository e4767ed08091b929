// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core. Absent browser → the browser
// tests are skipped with a message; everything else still runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumMissing() {
  return fs.existsSync(CHROMIUM)
    ? false
    : `headless Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH): browser tests skipped`;
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Why the browser tests are skipped (said once in the output), or false when Chromium is there. */
export function skipWithoutChromium() {
  const skip = chromiumMissing();
  if (skip) console.log(`  # SKIP ${skip}`);
  return skip;
}

/**
 * Chromium with one page open at `url` and its script errors collected in `errors`: `body({ browser, page,
 * errors })` runs on it, and the browser is closed afterwards, whatever happened.
 */
export async function onDashboard(url, body) {
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    return await body({ browser, page, errors });
  } finally {
    await browser.close();
  }
}
