/**
 * The HTML report in a real browser: headless Chromium (Debian's `chromium`) driven by
 * playwright-core opens the file from disk, shows the table, and steps through a counterexample
 * with the buttons and the arrow keys without a console error. Never skipped: a missing browser
 * is a failure that says how to install it.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderReport } from '../../reports/render.ts';
import { strategyIds } from '../../model/registry.ts';
import { verifySome } from './verified.ts';

const CHROMIUM = '/usr/bin/chromium';
const outDir = resolve('test-output/html-report');

let browser: Browser;
let file: string;
let page: Page;
let problems: string[];
let requests: string[];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with "apt-get update && apt-get install -y chromium" (.ci/run does this in CI)`);
  }
  const [html] = renderReport(await verifySome(), ['html']);
  mkdirSync(outDir, { recursive: true });
  file = join(outDir, 'report.html');
  writeFileSync(file, html.content);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
});

afterAll(async () => {
  await browser?.close();
});

// Each test gets the report freshly opened, so none depends on where another left the page.
beforeEach(async () => {
  problems = [];
  requests = [];
  page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
  await page.goto(pathToFileURL(file).href);
});

// Whatever a test clicked, the page fetched nothing over the network and logged no console error.
afterEach(async () => {
  await page.close();
  expect(requests).toEqual([]);
  expect(problems).toEqual([]);
});

const position = () => page.locator('#position').textContent();
const visibleFrame = () => page.locator('article.cx.current .frame.current').getAttribute('data-step');

describe('the HTML report in headless Chromium', () => {
  it('is usable at 800 px: the page does not scroll sideways, and the verdict matrix of all seven strategies scrolls within its own box', async () => {
    const [wide] = renderReport(await verifySome(strategyIds), ['html']);
    const all = join(outDir, 'report-all.html');
    writeFileSync(all, wide.content);
    await page.setViewportSize({ width: 800, height: 900 });
    await page.goto(pathToFileURL(all).href);
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth).toBeLessThanOrEqual(800);
    const box = await page.evaluate(() => {
      const table = document.getElementById('matrix')!;
      const holder = table.parentElement!;
      return { holderWidth: holder.clientWidth, scrollable: getComputedStyle(holder).overflowX, tableWidth: table.scrollWidth };
    });
    expect(box.holderWidth).toBeLessThanOrEqual(800);
    if (box.tableWidth > box.holderWidth) expect(box.scrollable).toBe('auto');
    await page.screenshot({ path: join(outDir, 'report-800px.png'), fullPage: false });
  });

  it('shows the derived comparison table with sticky losing sessions', async () => {
    await expect(page.locator('#derived-table').isVisible()).resolves.toBe(true);
    const sticky = page.locator('#derived-table tr', { hasText: 'Sticky sessions' });
    await expect(sticky.locator('td').allTextContents()).resolves.toEqual(['No', 'Yes (kill server)', 'No', 'Sessions lost']);
  });

  it('opens the sticky failover counterexample from its table cell and steps through it with buttons and keys', async () => {
    await page.locator('#derived-table tr', { hasText: 'Sticky sessions' }).getByText('Sessions lost').click();
    await expect(page.locator('article.cx.current').getAttribute('id')).resolves.toBe('sticky--failover.sessions-survive');
    await expect(page.locator('article.cx:visible').count()).resolves.toBe(1);
    await expect(position()).resolves.toBe('before step 1 (of 3)');
    await expect(page.locator('#prev').isDisabled()).resolves.toBe(true);

    await page.locator('#next').click();
    await expect(visibleFrame()).resolves.toBe('1');
    await expect(page.locator('article.cx.current .frame.current svg').getAttribute('aria-label')).resolves.toContain('login(u0)');

    await page.keyboard.press('ArrowRight');
    await expect(position()).resolves.toBe('step 2 of 3');
    await expect(page.locator('article.cx.current .frame.current svg g.node.down').count()).resolves.toBe(1);

    await page.keyboard.press('ArrowRight');
    await expect(position()).resolves.toBe('step 3 of 3');
    await expect(page.locator('#next').isDisabled()).resolves.toBe(true);
    await expect(page.locator('article.cx.current tr.current td').first().textContent()).resolves.toBe('3');
    await expect(page.locator('article.cx.current .frame.current svg').getAttribute('aria-label')).resolves.toMatch(/^violated: .*n1 answers 401/);
    await page.locator('article.cx.current').screenshot({ path: join(outDir, 'sticky-failover-step3.png') });

    await page.keyboard.press('ArrowLeft');
    await expect(position()).resolves.toBe('step 2 of 3');
  });

  it('switches counterexamples with the picker', async () => {
    await page.locator('#cx-select').selectOption('jwt--revocation.instant');
    await expect(page.locator('article.cx.current h3').textContent()).resolves.toContain('revocation.instant');
    await expect(position()).resolves.toBe('before step 1 (of 3)');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await expect(visibleFrame()).resolves.toBe('1');
    await page.screenshot({ path: join(outDir, 'report.png'), fullPage: false });
  });

  it('loads from disk without fetching anything over the network or logging a console error', () => {
    expect(page.url()).toBe(pathToFileURL(file).href);
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
  });
});
