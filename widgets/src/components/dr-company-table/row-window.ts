/** The slice of the loaded rows that is in the DOM: `start` inclusive, `end` exclusive. */
export interface RowWindow {
  start: number;
  end: number;
}

/** What the window is computed from, all in CSS pixels and read from the scroll container. */
export interface ScrollGeometry {
  scrollTop: number;
  viewportHeight: number;
  /** Height of the sticky header row above the first body row. */
  headerHeight: number;
  /** Height of one body row (all rows are one line high in the virtualized table); 0 before the first measurement. */
  rowHeight: number;
  /** Rows loaded so far. */
  rowCount: number;
  /** Rows rendered beyond each edge of the viewport, so that a fast scroll or an estimate off by a pixel shows no gap. */
  overscan: number;
}

/** Rows rendered before the first measurement: enough to fill any sensible max-height once. */
const UNMEASURED_ROWS = 30;

/**
 * The rows in view, plus overscan on each side, clamped to the rows loaded. Body row `i` starts
 * `headerHeight + i * rowHeight` down the scrolled content, and the sticky header covers the top
 * `headerHeight` of the viewport, so the first row in view is the one at `scrollTop` into the body.
 */
export function rowWindowOf(g: ScrollGeometry): RowWindow {
  if (g.rowHeight <= 0) return { start: 0, end: Math.min(g.rowCount, UNMEASURED_ROWS) };
  const firstInView = Math.floor(g.scrollTop / g.rowHeight);
  const lastInView = Math.ceil((g.scrollTop + g.viewportHeight - g.headerHeight) / g.rowHeight);
  const start = Math.min(g.rowCount, Math.max(0, firstInView - g.overscan));
  const end = Math.min(g.rowCount, Math.max(start, lastInView + g.overscan));
  return { start, end };
}

/**
 * The scrollTop that shows row `index` whole below the sticky header, moving as little as possible
 * (the current scrollTop when it is in view already).
 */
export function scrollTopShowing(index: number, g: Pick<ScrollGeometry, 'scrollTop' | 'viewportHeight' | 'headerHeight' | 'rowHeight'>): number {
  const rowTop = index * g.rowHeight;
  const bodyHeight = g.viewportHeight - g.headerHeight;
  if (rowTop < g.scrollTop) return rowTop;
  if (rowTop + g.rowHeight > g.scrollTop + bodyHeight) return rowTop + g.rowHeight - bodyHeight;
  return g.scrollTop;
}

/** Rows a PageUp / PageDown moves: one screen of body rows, keeping one row of context. */
export function rowsPerPage(g: Pick<ScrollGeometry, 'viewportHeight' | 'headerHeight' | 'rowHeight'>): number {
  if (g.rowHeight <= 0) return 10;
  return Math.max(1, Math.floor((g.viewportHeight - g.headerHeight) / g.rowHeight) - 1);
}
