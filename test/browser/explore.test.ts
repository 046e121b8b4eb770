import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';
import { at } from '../support/indexed';
import {
  buildWeb,
  collectErrors,
  firstReadyMs,
  HAS_CHROMIUM,
  launchChromium,
  RECORD_FIRST_READY,
  screenshot,
  seriousViolations,
  SKIP_MESSAGE,
} from './browser';

/**
 * The explore page as a person uses it, in headless Chromium against a real hub with the national
 * data that `npm start` loads. The page is the built one the hub serves. Only what a person sees and
 * does is used: the data-testid hooks of the page's contract, the URL, the links it offers.
 */
if (!HAS_CHROMIUM) console.warn(SKIP_MESSAGE);

const RECIPIENTS = 'social_assistance.recipients_yearly';
const SHARE = 'social_assistance.recipients_per_population_20_66';
/** How long a poll waits for the page to follow an action: it queries the hub in between. */
const WAIT = { timeout: 20_000, interval: 100 };
const NATIONAL_VIEW = `/?indicator=${RECIPIENTS}&period=2018&level=municipality&scope=all&lang=en`;

describe.skipIf(!HAS_CHROMIUM)('the explore page in a browser', () => {
  let hub: Hub;
  let origin: string;
  let browser: Browser;
  let context: BrowserContext;
  const errorsByPage = new Map<Page, string[]>();

  beforeAll(async () => {
    buildWeb();
    hub = await createTestHub({ seed: true });
    origin = new URL(await hub.listen(0, '127.0.0.1')).origin;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: false });
    await context.addInitScript(RECORD_FIRST_READY);
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await hub?.close();
  });

  async function open(path: string, options: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const page = await context.newPage();
    if (options.viewport) await page.setViewportSize(options.viewport);
    errorsByPage.set(page, collectErrors(page));
    await page.goto(origin + path);
    await ready(page);
    return page;
  }

  /** The app is ready and no query is running (a change of state goes loading → ready). */
  async function ready(page: Page): Promise<void> {
    const app = page.getByTestId('app');
    await page.waitForSelector('[data-testid="app"][data-state="ready"], [data-testid="app"][data-state="error"]', { timeout: 30_000 }).catch(async (error: Error) => {
      throw new Error(`${error.message}; the app is in state ${await app.getAttribute('data-state')} at ${page.url()}`);
    });
    if ((await app.getAttribute('data-state')) === 'error') {
      throw new Error(`the app shows an error at ${page.url()}: ${await page.getByTestId('error').innerText().catch(() => '(no message)')}`);
    }
  }

  function expectNoErrors(page: Page): void {
    expect(errorsByPage.get(page)).toEqual([]);
  }

  const params = (page: Page) => new URL(page.url()).searchParams;

  interface ApiRanking {
    coverage: { ranked: number; missing: number; total: number };
    warnings: string[];
    rows: { code: string; rank: number; exactValue: string; municipality: { validToYear: number | null } | null }[];
  }
  async function apiRanking(args: string): Promise<ApiRanking> {
    const result = await hub.execute<{ ranking: ApiRanking }>(
      `{ ranking(${args}) { coverage { ranked missing total } warnings rows { code rank exactValue municipality { validToYear } } } }`,
    );
    expect(result.errors).toBeUndefined();
    return result.data!.ranking;
  }

  /**
   * A point of the window where the map area of `code` is what the mouse would touch: an area's
   * islands and fjords often leave the middle of its box to the sea or a neighbour.
   */
  async function pointInside(page: Page, code: string): Promise<{ x: number; y: number }> {
    const locator = page.locator(`[data-testid="map"] path[data-code="${code}"]`);
    await locator.scrollIntoViewIfNeeded();
    const box = (await locator.boundingBox())!;
    for (let i = 1; i < 20; i++) {
      for (let j = 1; j < 20; j++) {
        const x = box.x + (box.width * i) / 20;
        const y = box.y + (box.height * j) / 20;
        const hit = await page.evaluate(
          ({ px, py }) => (globalThis as unknown as { document: { elementFromPoint(x: number, y: number): { getAttribute(n: string): string | null } | null } }).document.elementFromPoint(px, py)?.getAttribute('data-code'),
          { px: x, py: y },
        );
        if (hit === code) return { x, y };
      }
    }
    throw new Error(`no point of the window shows map area ${code}`);
  }

  /** The table as the page shows it: code → [rank, exact value]. */
  async function tableRows(page: Page): Promise<{ code: string; rank: number; value: string }[]> {
    return page.$$eval('[data-testid="ranking-row"]', (rows) =>
      rows.map((r) => ({ code: r.getAttribute('data-code')!, rank: Number(r.getAttribute('data-rank')), value: r.getAttribute('data-value')! })),
    );
  }

  it('opens at / with a national ranking, with no console error, and prints how long the first view took', async () => {
    const page = await open('/');
    const ms = await firstReadyMs(page);
    console.log(`first view of a national ranking: ${Math.round(ms)} ms from navigation start to data-state=ready`);
    expect(await page.getByTestId('ranking-row').count()).toBeGreaterThan(0);
    await screenshot(page, '01-default-view');
    expectNoErrors(page);
  });

  it('shows the table, chart, coverage and every warning of a national ranking, as the API answers it', async () => {
    const page = await open(NATIONAL_VIEW);
    console.log(`national ranking of 2018 (all municipalities), opened again: ${Math.round(await firstReadyMs(page))} ms to data-state=ready`);
    const api = await apiRanking(`indicator: "${RECIPIENTS}", period: "2018", level: MUNICIPALITY`);
    const rows = await tableRows(page);
    expect(rows).toHaveLength(api.coverage.ranked);
    expect(rows.slice(0, 20)).toEqual(api.rows.slice(0, 20).map((r) => ({ code: r.code, rank: r.rank, value: r.exactValue })));
    expect(await page.getByTestId('missing-row').count()).toBe(api.coverage.missing);
    const coverage = await page.getByTestId('coverage').innerText();
    expect(coverage).toContain(String(api.coverage.ranked));
    expect(coverage).toContain(String(api.coverage.total));
    expect(api.warnings.length).toBeGreaterThan(0);
    expect(await page.getByTestId('warning').count()).toBe(api.warnings.length);
    // The warnings and coverage stand above the table, not hidden below it.
    const top = async (id: string) => (await page.getByTestId(id).boundingBox())!.y;
    expect(await top('warnings')).toBeLessThan(await top('ranking-table'));
    expect(await top('coverage')).toBeLessThan(await top('ranking-table'));
    await expect.poll(() => page.locator('[data-testid="ranking-chart"] svg').count(), WAIT).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('median').count(), WAIT).toBeGreaterThan(0);
    await screenshot(page, '02-national-ranking');
    expectNoErrors(page);
  });

  it('colours every ranked municipality whose borders are those of a 2024 area, and hatches the rest', async () => {
    const page = await open(NATIONAL_VIEW);
    await page.waitForSelector('[data-testid="map"][data-state="ready"]', { timeout: 30_000 });
    const api = await apiRanking(`indicator: "${RECIPIENTS}", period: "2018", level: MUNICIPALITY`);
    // A unit the API still knows as itself (validToYear null) has exactly the borders of its 2024 area.
    const colourable = new Map(api.rows.filter((r) => r.municipality?.validToYear === null).map((r) => [r.code, r.exactValue]));
    const coloured = await page.$$eval('[data-testid="map"] path[data-value]', (paths) =>
      paths.map((p) => ({ unit: p.getAttribute('data-unit-code')!, value: p.getAttribute('data-value')!, fill: p.getAttribute('fill')! })),
    );
    expect(coloured.length).toBe(colourable.size);
    for (const area of coloured) {
      expect(colourable.get(area.unit)).toBe(area.value);
      expect(area.fill).toMatch(/^(rgb|#)/);
    }
    // 2018 units merged or split since are drawn as changed, never in a colour.
    expect(await page.locator('[data-testid="map"] path[data-state="changed"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('legend').count()).toBe(1);
    // The mouse over Bodø shows its value and rank; so does keyboard focus on Kristiansund.
    const tip = page.locator('[data-testid="map"] .map-tooltip');
    const bodo = await pointInside(page, '1804');
    await page.mouse.move(bodo.x, bodo.y);
    await expect.poll(() => tip.innerText(), WAIT).toContain(`${colourable.get('1804')!} (rank `);
    expect(await tip.isVisible()).toBe(true);
    // The window as it stands: a screenshot of the map alone would scroll it, and the pointer would leave Bodø.
    await screenshot(page, '03-map-hover');
    await page.locator('[data-testid="map"] path[data-code="1505"]').focus();
    await expect.poll(() => tip.innerText(), WAIT).toMatch(/^Kristiansund: .+ \(rank \d+\)$/);
    // The arrow keys walk the areas in rank order: Home is a best coloured one, → the next.
    const rankOf = new Map(api.rows.map((r) => [r.code, r.rank]));
    const ranks = api.rows.filter((r) => colourable.has(r.code)).map((r) => r.rank);
    const focused = () =>
      page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-unit-code'));
    await page.keyboard.press('Home');
    const first = (await focused())!;
    expect(rankOf.get(first)).toBe(ranks[0]);
    await page.keyboard.press('ArrowRight');
    const second = (await focused())!;
    expect(second).not.toBe(first);
    expect(rankOf.get(second)).toBe(ranks[1]);
    await expect.poll(() => tip.innerText(), WAIT).toContain(`${colourable.get(second)!} (rank ${ranks[1]})`);
    expectNoErrors(page);
  });

  it('colours a county of 2018 only where its municipalities are those of a 2024 county', async () => {
    const page = await open(NATIONAL_VIEW.replace('level=municipality', 'level=county'));
    await page.waitForSelector('[data-testid="map"][data-state="ready"]', { timeout: 30_000 });
    const areas = await page.$$eval('[data-testid="map"] path', (paths) =>
      paths.map((p) => ({ code: p.getAttribute('data-code')!, state: p.getAttribute('data-state')!, unit: p.getAttribute('data-unit-code'), value: p.getAttribute('data-value') })),
    );
    // Oslo, Rogaland, Telemark (08 → 40) and Finnmark (20 → 56) kept their municipalities; Nordland
    // lost Tjeldsund to Troms and Møre og Romsdal lost Halsa to Trøndelag in 2020.
    const exact = areas.filter((a) => a.state !== 'changed');
    expect(exact.map((a) => `${a.unit}→${a.code}`).sort()).toEqual(['03→03', '08→40', '11→11', '20→56']);
    expect(areas.filter((a) => a.state === 'changed')).toHaveLength(11);
    // Of those four, the ones with a county figure that year are coloured with it.
    const api = await apiRanking(`indicator: "${RECIPIENTS}", period: "2018", level: COUNTY`);
    const figures = new Map<string | null, string>(api.rows.map((r) => [r.code, r.exactValue]));
    expect(exact.filter((a) => a.state === 'ranked').map((a) => [a.unit, a.value])).toEqual(
      exact.filter((a) => figures.has(a.unit)).map((a) => [a.unit, figures.get(a.unit)]),
    );
    await screenshot(page, '04-map-counties', page.getByTestId('map'));
    expectNoErrors(page);
  });

  it('updates the URL and the view when indicator, period and scope change, and a permalink reopens that view', async () => {
    const page = await open(NATIONAL_VIEW);

    await page.getByTestId('period-select').selectOption('2017');
    await expect.poll(() => params(page).get('period'), WAIT).toBe('2017');
    await ready(page);
    const in2017 = await apiRanking(`indicator: "${RECIPIENTS}", period: "2017", level: MUNICIPALITY`);
    await expect.poll(async () => (await tableRows(page)).length, WAIT).toBe(in2017.coverage.ranked);
    expect(at(await tableRows(page), 0).value).toBe(at(in2017.rows, 0).exactValue);

    const scope = page.getByTestId('scope-select');
    await scope.selectOption('county');
    const value = page.getByTestId('scope-value');
    if ((await value.evaluate((el) => el.tagName)) === 'SELECT') await value.selectOption('18');
    else {
      await value.fill('18');
      await value.press('Enter');
    }
    await expect.poll(() => params(page).get('scope'), WAIT).toBe('county:18');
    await ready(page);
    const nordland = await apiRanking(`indicator: "${RECIPIENTS}", period: "2017", level: MUNICIPALITY, scope: { county: "18" }`);
    await expect.poll(async () => (await tableRows(page)).map((r) => r.code), WAIT).toEqual(nordland.rows.map((r) => r.code));

    await page.getByTestId('indicator-search').fill('share of inhabitants aged 20');
    await page.locator(`[data-testid="indicator-option"][data-code="${SHARE}"]`).first().click();
    await expect.poll(() => params(page).get('indicator'), WAIT).toBe(SHARE);
    await ready(page);
    const period = params(page).get('period') ?? (await page.getByTestId('period-select').inputValue());
    const share = await apiRanking(`indicator: "${SHARE}", period: "${period}", level: MUNICIPALITY, scope: { county: "18" }`);
    await expect.poll(async () => (await tableRows(page)).map((r) => r.value), WAIT).toEqual(share.rows.map((r) => r.exactValue));
    await screenshot(page, '05-share-in-nordland');

    // The permalink: the same URL in a new page shows the same view.
    const link = page.url();
    const again = await open(new URL(link).pathname + new URL(link).search);
    expect(await tableRows(again)).toEqual(await tableRows(page));
    expect(await again.getByTestId('period-select').inputValue()).toBe(await page.getByTestId('period-select').inputValue());
    expect(await again.getByTestId('coverage').innerText()).toBe(await page.getByTestId('coverage').innerText());
    expectNoErrors(page);
    expectNoErrors(again);
  });

  it('offers a CSV download with the values the API ranks', async () => {
    const page = await open(NATIONAL_VIEW);
    const href = await page.getByTestId('download-csv').getAttribute('href');
    expect(href).toBeTruthy();
    const response = await page.request.get(new URL(href!, origin).toString());
    expect(response.status()).toBe(200);
    const records = parse<{ code: string; rank: string; value: string }>(await response.text(), { columns: true, bom: true, delimiter: [',', ';'] });
    const api = await apiRanking(`indicator: "${RECIPIENTS}", period: "2018", level: MUNICIPALITY`);
    const ranked = records.filter((r) => r.rank !== '');
    expect(ranked.map((r) => [r.code, Number(r.rank), r.value])).toEqual(api.rows.map((r) => [r.code, r.rank, r.exactValue]));
    expect(records.length - ranked.length).toBe(api.coverage.missing);
    expectNoErrors(page);
  });

  it('shows a unit’s time series with its points when the unit is clicked', async () => {
    const page = await open(NATIONAL_VIEW);
    await page.locator('[data-testid="ranking-row"][data-code="1804"]').click();
    await expect.poll(() => params(page).get('unit'), WAIT).toBe('1804');
    await page.getByTestId('unit-panel').waitFor({ timeout: 30_000 });
    const series = await hub.execute<{ timeSeries: { points: { period: string; exactValue: string | null }[] } }>(
      `{ timeSeries(indicator: "${RECIPIENTS}", municipality: "1804") { points { period exactValue } } }`,
    );
    expect(series.errors).toBeUndefined();
    const expected = series.data!.timeSeries.points.filter((p) => p.exactValue !== null).map((p) => ({ period: p.period, value: p.exactValue }));
    expect(expected.length).toBeGreaterThan(3);
    const points = page.locator('[data-testid="time-series-chart"] [data-testid="series-point"]');
    await expect.poll(() => points.count(), WAIT).toBe(expected.length);
    const shown = await points.evaluateAll((els) => els.map((e) => ({ period: e.getAttribute('data-period')!, value: e.getAttribute('data-value')! })));
    expect(shown.sort((a, b) => a.period.localeCompare(b.period))).toEqual(expected.sort((a, b) => a.period.localeCompare(b.period)));
    expect(await page.getByTestId('citation').count()).toBeGreaterThan(0);
    await screenshot(page, '06-unit-panel');
    expectNoErrors(page);
  });

  it('has no serious or critical accessibility violations (axe-core): the ranking on a desktop, the unit panel in Norwegian on a phone', async () => {
    const page = await open(NATIONAL_VIEW);
    expect(await seriousViolations(page)).toEqual([]);
    const phone = await open(`${NATIONAL_VIEW.replace('lang=en', 'lang=nb')}&unit=1804`, { viewport: { width: 390, height: 844 } });
    await phone.getByTestId('unit-panel').waitFor({ timeout: 30_000 });
    // The ranking itself was checked above; here, in Norwegian, the panel that the link opened.
    expect(await seriousViolations(phone, '[data-testid="unit-panel"]')).toEqual([]);
    await screenshot(phone, '07-phone-nb-unit-panel');
    expectNoErrors(page);
    expectNoErrors(phone);
  });
});
