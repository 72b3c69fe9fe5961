/** Renders rows as a fixed-width text table; numbers are right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows].map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)));
  const widths = header.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
  const line = (r: readonly string[], isHeader: boolean): string =>
    r.map((c, j) => (j === 0 || isHeader ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ').trimEnd();
  return [line(cells[0], true), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map((r) => line(r, false))].join('\n');
}

/** Four significant decimals for metrics, integers as they are. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return '—';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1 ? v.toFixed(3) : v.toFixed(4);
}

/** A probability as a percentage with two decimals. */
export function formatPercent(p: number): string {
  return Number.isNaN(p) ? '—' : `${(100 * p).toFixed(2)}%`;
}
