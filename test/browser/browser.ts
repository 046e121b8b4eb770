import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, chromium, type ConsoleMessage, type Locator, type Page } from 'playwright-core';

/**
 * Headless Chromium for the browser tests: Debian's package, never a browser downloaded by a test
 * tool. `.ci/run` installs it; where it is missing the tests skip with one message instead of failing.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const SKIP_MESSAGE = "browser tests skipped: install Debian's chromium (apt-get install chromium) — .ci/run does";

const repo = path.join(__dirname, '../..');
export const SCREENSHOTS = path.join(repo, 'test-results/screenshots');

/**
 * The hub serves the built page, so the suite first runs the build `npm start` runs
 * (scripts/build-web.mjs): it builds only when web/ changed since dist/web was built, and is
 * bounded so that a hung build fails the suite instead of stalling it.
 */
export function buildWeb(): void {
  execFileSync(process.execPath, [path.join(repo, 'scripts/build-web.mjs')], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'], timeout: 180_000 });
}

export function launchChromium(): Promise<Browser> {
  // As on this kind of machine: without the background-networking flags Chromium keeps trying
  // Google's hosts, which a closed network refuses. Playwright gives each launch a new profile.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What the page wrote to the console at level error, and uncaught exceptions: a person never should see one. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

/**
 * Records, inside the page, when the app first reaches data-state="ready": milliseconds since the
 * navigation started (performance.now() counts from there), read back with `firstReadyMs`.
 */
export const RECORD_FIRST_READY = `(() => {
  const seen = () => {
    const app = document.querySelector('[data-testid="app"]');
    if (app && app.getAttribute('data-state') === 'ready' && window.__firstReadyMs === undefined) {
      window.__firstReadyMs = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
})();`;

export async function firstReadyMs(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as { __firstReadyMs: number }).__firstReadyMs);
}

/** A screenshot for review (test-results/ is not committed): what the window shows, or one part of the page. */
export async function screenshot(page: Page, name: string, part?: Locator): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await (part ? part.screenshot({ path: file }) : page.screenshot({ path: file }));
}

const AXE_SOURCE = () => readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical violations on the page as it stands. Evaluated through the
 * DevTools protocol, which the page's Content-Security-Policy (scripts from 'self' only) does not
 * govern, so the page under test keeps its real policy. `within`: a CSS selector, to check only
 * that part (axe takes seconds over a page of 400 table rows).
 */
export async function seriousViolations(page: Page, within?: string): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  await page.evaluate(AXE_SOURCE());
  const result = await page.evaluate(async (selector) => {
    const page = globalThis as unknown as {
      document: unknown;
      axe: { run(context: unknown, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> };
    };
    const r = await page.axe.run(selector ?? page.document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  }, within);
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
