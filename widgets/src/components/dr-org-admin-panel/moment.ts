import { formatDateTime } from '../../internal/admin-format.ts';

/** An optional API timestamp ("Mar 14, 2025, 9:30 AM"), or `none` when the API has none (never signed in, never used). */
export function formatMoment(iso: string | null | undefined, none = '—'): string {
  return iso ? formatDateTime(iso) : none;
}
