import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertScoredCompanies } from '../factories/scored-company.ts';
import { createTenantFixture, loginAs, type TenantFixture } from '../factories/tenant-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { ensureWidgetsBuilt } from '../helpers/widgets-build.ts';
import { axeViolations } from './helpers/axe.ts';
import { collectErrors, launchChromium, until } from './helpers/chromium.ts';
import { closeWidgetSuite } from './helpers/close-widget-suite.ts';
import { startWidgetHost, type WidgetHost } from './helpers/widget-host.ts';
import { openPage } from './helpers/open-page.ts';

const COMPANY_COUNT = 300;
const PAGE_SIZE = 50;
const THRESHOLD = 0.2;
const SECTORS = ['Retail', 'Food', 'Industrial machinery and precision tooling', 'Transport'];
/** Every tenth company is critical (25 %), the rest between 0.4 % and 6.4 %. */
const pdOf = (i: number) => (i % 10 === 0 ? 0.25 : 0.004 + (i % 7) * 0.01);
const nameOf = (i: number, tag: string) => `Company ${String(i + 1).padStart(3, '0')} ${tag}`;

/** What the table has in its DOM and how it sits in its scroll box. */
interface TableSnapshot {
  /** [aria-rowindex, company name] of each body row in the DOM, in DOM order. */
  rows: [number, string][];
  rowCount: string | null;
  status: string;
  scrollTop: number;
  atEnd: boolean;
  /** The rendered rows cover the part of the box below the sticky header (no blank gap). */
  coversView: boolean;
}

/** Browser-side: the table's shadow root, its scroll box and header (the tests' tsconfig has no DOM types, so page scripts are strings). */
const IN_TABLE = `
  const root = document.querySelector('dr-company-table').shadowRoot;
  const scroller = root.querySelector('.scroll');
  const header = root.querySelector('thead').getBoundingClientRect();
  const box = scroller.getBoundingClientRect();`;

function snapshot(page: Page): Promise<TableSnapshot> {
  return page.evaluate<TableSnapshot>(`(() => {
    ${IN_TABLE}
    const rendered = [...root.querySelectorAll('tbody tr[data-index]')];
    const first = rendered[0]?.getBoundingClientRect();
    const last = rendered[rendered.length - 1]?.getBoundingClientRect();
    const atEnd = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
    return {
      rows: rendered.map((tr) => [Number(tr.getAttribute('aria-rowindex')), tr.querySelector('button')?.textContent ?? '']),
      rowCount: root.querySelector('table').getAttribute('aria-rowcount'),
      status: root.querySelector('[part="status"]')?.textContent ?? '',
      scrollTop: scroller.scrollTop,
      atEnd,
      coversView: first !== undefined && first.top <= header.bottom + 1 && (last.bottom >= box.top + scroller.clientHeight - 1 || atEnd),
    };
  })()`);
}

/** aria-rowindex and name of the focused row, and whether it is wholly visible below the sticky header. */
function focusedRow(page: Page): Promise<{ rowIndex: number; name: string; isInView: boolean } | null> {
  return page.evaluate(`(() => {
    ${IN_TABLE}
    const row = root.activeElement?.closest('tr');
    if (!row) return null;
    const rect = row.getBoundingClientRect();
    return { rowIndex: Number(row.getAttribute('aria-rowindex')), name: row.querySelector('button')?.textContent, isInView: rect.top >= header.bottom - 1 && rect.bottom <= box.bottom + 1 };
  })()`);
}

/** Waits for the scroll handler's render (two frames, then Lit's update). */
async function settle(page: Page): Promise<void> {
  await page.evaluate(`(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    await document.querySelector('dr-company-table').updateComplete;
  })()`);
}

describe('<dr-company-table virtualized> in Chromium', () => {
  let t: TestApp;
  let fx: TenantFixture;
  let host: WidgetHost;
  let browser: Browser;
  let url: string;
  let expectedNames: string[];
  const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-widgets-shots-'));

  beforeAll(async () => {
    ensureWidgetsBuilt();
    t = await createTestApp();
    fx = await createTenantFixture(t);
    // Global reference data written by other test files must not show up in this organization's list.
    await t.owner('organizations').where({ id: fx.org.id }).update({ allow_global_data: false });
    expectedNames = Array.from({ length: COMPANY_COUNT }, (_, i) => nameOf(i, fx.tag));
    // Inserted in reverse so that the list's order comes from the API's sort, not from insertion.
    const specs = expectedNames.map((name, i) => ({ name, sector: SECTORS[i % SECTORS.length], prediction: { fiscalYear: 2024, pd: pdOf(i) } })).reverse();
    await insertScoredCompanies(t.owner, { scope: 'organization', tenantId: fx.tenant.id, organizationId: fx.org.id }, specs);
    const { accessToken } = await loginAs(t, fx.users.orgMember);
    host = await startWidgetHost(t);
    url = host.addPage('virtualized', {
      body: `<dr-provider token="${accessToken}"><dr-company-table virtualized page-size="${PAGE_SIZE}" threshold="${THRESHOLD}"></dr-company-table></dr-provider>`,
      setup: `
        window.breaches = [];
        document.addEventListener('dr-threshold-breached', (e) => window.breaches.push(e.company.name));`,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeWidgetSuite({ browser, host, fixture: fx, app: t });
    console.log(`virtualized company table screenshots: ${shots}`);
  });

  async function open(): Promise<{ page: Page; errors: ReturnType<typeof collectErrors>; cursors: (string | null)[] }> {
    const cursors: (string | null)[] = [];
    const { page, errors } = await openPage(browser, url, {
      viewport: { width: 900, height: 800 },
      beforeGoto: (page) => {
        page.on('request', (request) => {
          const requested = new URL(request.url());
          if (requested.pathname === '/v1/companies') cursors.push(requested.searchParams.get('cursor'));
        });
      },
    });
    await page.locator('dr-company-table tbody tr[data-index]').first().waitFor();
    await until(async () => (await snapshot(page)).status, `${PAGE_SIZE} companies loaded; more load as you scroll`);
    await settle(page);
    return { page, errors, cursors };
  }

  it('keeps only the rows in view in the DOM and loads all 300 exactly once, in order, as it scrolls to the end', async () => {
    const { page, errors, cursors } = await open();
    const first = await snapshot(page);
    expect(first.rowCount).toBe('-1');
    expect(first.rows[0]).toEqual([2, expectedNames[0]]);
    expect(first.rows.length).toBeLessThan(40);
    await page.locator('dr-company-table').screenshot({ path: path.join(shots, 'company-table-virtualized-top.png') });

    const seen = new Map<number, string>();
    let mostRowsInDom = 0;
    let last = first;
    for (let step = 0; step < 400 && !(last.atEnd && last.rowCount === String(COMPANY_COUNT + 1)); step += 1) {
      // Each window is one unbroken run of rows that fills the box, whatever was loaded or scrolled.
      expect(last.coversView, `step ${step}, scrolled ${last.scrollTop}px, rows ${last.rows[0]?.[0]}–${last.rows.at(-1)?.[0]}`).toBe(true);
      last.rows.forEach(([rowIndex, name], i) => {
        expect(rowIndex, `step ${step}`).toBe(last.rows[0][0] + i);
        expect(seen.get(rowIndex) ?? name, `row ${rowIndex}`).toBe(name);
        seen.set(rowIndex, name);
      });
      mostRowsInDom = Math.max(mostRowsInDom, last.rows.length);
      await page.evaluate(`(() => { ${IN_TABLE} scroller.scrollBy(0, scroller.clientHeight * 0.75); })()`);
      await settle(page);
      last = await snapshot(page);
      // At the bottom while the next page is on its way: wait for it rather than spin.
      if (last.atEnd && last.status.includes('loading more')) await until(async () => (await snapshot(page)).status.includes('loading more'), false);
    }
    last.rows.forEach(([rowIndex, name]) => seen.set(rowIndex, name));

    expect(last.status).toBe(`All ${COMPANY_COUNT} companies loaded`);
    expect(last.rowCount).toBe(String(COMPANY_COUNT + 1));
    expect(last.rows.at(-1)).toEqual([COMPANY_COUNT + 1, expectedNames.at(-1)]);
    // Every company once, at aria-rowindex = its position + 2 (the header row is 1): no gap, no duplicate.
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: COMPANY_COUNT }, (_, i) => i + 2));
    expect(Array.from({ length: COMPANY_COUNT }, (_, i) => seen.get(i + 2))).toEqual(expectedNames);
    expect(mostRowsInDom).toBeLessThan(40);
    // One request per page, each with the cursor the previous page returned.
    expect(cursors.length).toBe(COMPANY_COUNT / PAGE_SIZE);
    expect(cursors[0]).toBeNull();
    expect(new Set(cursors).size).toBe(cursors.length);
    // The threshold events came as the pages did: each critical company once.
    expect(await page.evaluate('window.breaches')).toEqual(expectedNames.filter((_, i) => pdOf(i) >= THRESHOLD));

    await page.locator('dr-company-table').screenshot({ path: path.join(shots, 'company-table-virtualized-end.png') });
    expect(await axeViolations(page, 'dr-company-table')).toEqual([]);
    expect(errors.unexpected()).toEqual([]);
  });

  it('moves focus through the rows with the arrow keys, PageDown/PageUp and Home/End, scrolling each into view', async () => {
    const { page, errors } = await open();
    const focused = () => focusedRow(page);
    /** A key, then the render and focus move it causes. */
    const press = async (key: string) => {
      await page.keyboard.press(key);
      await settle(page);
    };
    await page.locator('dr-company-table input[type="search"]').focus();
    await press('Tab');
    await press('Tab');
    await press('Tab');
    await press('Tab');
    // Search, band, the two sort buttons, then one tab stop for the whole body.
    expect(await focused()).toEqual({ rowIndex: 2, name: expectedNames[0], isInView: true });
    await press('ArrowDown');
    expect(await focused()).toEqual({ rowIndex: 3, name: expectedNames[1], isInView: true });

    await press('PageDown');
    const afterPageDown = await focused();
    expect(afterPageDown?.isInView).toBe(true);
    expect(afterPageDown?.rowIndex).toBeGreaterThan(8);
    await press('PageDown');
    await press('PageDown');
    const deep = await focused();
    expect(deep?.isInView).toBe(true);
    expect(deep?.name).toBe(expectedNames[(deep?.rowIndex ?? 0) - 2]);
    expect((await snapshot(page)).scrollTop).toBeGreaterThan(0);

    // End goes to the last row loaded (PageDown may have brought the next page already), and that brings another.
    // The PageDowns may have set off a page load that starts a moment later: wait until the status is idle and stays so.
    let status = '';
    for (let stableReads = 0, reads = 0; stableReads < 3; reads++) {
      if (reads > 100) throw new Error(`the table's status did not settle: ${status}`);
      await page.waitForTimeout(150);
      const now = (await snapshot(page)).status;
      stableReads = now === status && now.endsWith('more load as you scroll') ? stableReads + 1 : 0;
      status = now;
    }
    const loadedBefore = Number(/^(\d+) companies loaded/.exec(status)?.[1]);
    expect(loadedBefore % PAGE_SIZE).toBe(0);
    await press('End');
    expect(await focused()).toEqual({ rowIndex: loadedBefore + 1, name: expectedNames[loadedBefore - 1], isInView: true });
    await until(async () => (await snapshot(page)).status, `${loadedBefore + PAGE_SIZE} companies loaded; more load as you scroll`);
    await press('ArrowDown');
    expect(await focused()).toEqual({ rowIndex: loadedBefore + 2, name: expectedNames[loadedBefore], isInView: true });

    await press('Home');
    expect(await focused()).toEqual({ rowIndex: 2, name: expectedNames[0], isInView: true });
    expect((await snapshot(page)).scrollTop).toBe(0);
    await press('ArrowUp');
    expect(await focused()).toEqual({ rowIndex: 2, name: expectedNames[0], isInView: true });

    // The focused row scrolled away (by wheel or scrollbar) leaves the DOM: focus stays in the table, and the arrows go on from the rows in view.
    await page.evaluate(`(() => { ${IN_TABLE} scroller.scrollTop = 3000; })()`);
    await settle(page);
    expect(await focused()).toBeNull();
    expect(await page.evaluate(`document.querySelector('dr-company-table').shadowRoot.activeElement?.className`)).toBe('scroll');
    await press('ArrowDown');
    const resumed = await focused();
    expect(resumed?.isInView).toBe(true);
    expect(resumed?.rowIndex).toBeGreaterThan(60);
    expect(resumed?.name).toBe(expectedNames[(resumed?.rowIndex ?? 0) - 2]);
    await press('Home');

    // Enter still picks the focused company.
    await press('ArrowDown');
    await press('Enter');
    await until(() => page.evaluate(`window.drEvents.filter((e) => e.type === 'dr-company-select').map((e) => e.company)`), [expectedNames[1]]);
    await page.locator('dr-company-table').screenshot({ path: path.join(shots, 'company-table-virtualized-focus.png') });
    expect(errors.unexpected()).toEqual([]);
  });
});
