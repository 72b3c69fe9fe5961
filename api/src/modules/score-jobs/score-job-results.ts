import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { withTenant } from '../../db/with-tenant.ts';
import { ResultsExpired } from '../../lib/problem.ts';
import { csvLine, safeCellValue } from '../../lib/spreadsheet-cell.ts';
import { assertCan } from '../access/permissions.ts';
import type { UserActor } from '../access/roles.ts';
import * as repo from './score-jobs.repository.ts';
import { loadScoreJob } from './score-jobs.service.ts';
import { readDataRows, type UploadLayout } from './upload-file.ts';

export const RESULT_FORMATS = ['csv', 'xlsx'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

const PAGE = 5000;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** An input cell for the export: numeric text becomes a number (so `-12.5` is not escaped as a formula), the rest is text. */
function inputCell(value: string | number | null): string | number | null {
  if (typeof value === 'string' && NUMBER.test(value.trim())) return Number(value.trim());
  return value;
}

/** Pages through rows ordered by row number, one short transaction per page. */
function pager<T extends { rowNumber: number }>(fetch: (after: T | undefined) => Promise<T[]>) {
  let page: T[] = [];
  let index = 0;
  let isDone = false;
  return async function rowsAt(rowNumber: number): Promise<T[]> {
    const found: T[] = [];
    for (;;) {
      while (index < page.length && page[index].rowNumber < rowNumber) index++;
      while (index < page.length && page[index].rowNumber === rowNumber) found.push(page[index++]);
      if (index < page.length || isDone) return found;
      page = await fetch(page[page.length - 1]);
      index = 0;
      if (page.length < PAGE) isDone = true;
      if (page.length === 0) return found;
    }
  };
}

/** A results export, checked (404, permissions) before anything is sent. */
export interface ScoreJobResults {
  fileName: string;
  writeTo(format: ResultFormat, sink: Writable): Promise<void>;
}

/**
 * Every input row of a job as the caller sent it, followed by its PD, band and rating, or by its
 * errors ("not processed" for rows a cancelled or failed job never reached). The file is read again
 * from disk and merged with the stored results by row number, so memory stays flat however long the
 * file. Every text cell is escaped against formula injection.
 */
export async function openScoreJobResults(db: Knex, actor: UserActor, id: string): Promise<ScoreJobResults> {
  assertCan(actor, 'portfolio.read');
  const job = await withTenant(db, actor, (trx) => loadScoreJob(trx, id));
  if (job.filePurgedAt) {
    throw new ResultsExpired('The uploaded file of this job was deleted after the retention period, so its results can no longer be rebuilt as a file; the predictions remain in each company\'s history.');
  }
  const layout = (job.options as { layout: UploadLayout }).layout;
  const header = ['row', ...layout.header, 'pd', 'pdLow', 'pdHigh', 'band', 'rating', 'status', 'errors'];
  return {
    fileName: job.fileName.replace(/\.(csv|xlsx)$/i, ''),
    async writeTo(format, sink) {
      const predictionsAt = pager<repo.ResultPredictionRow & { rowNumber: number }>(async (last) =>
        (await withTenant(db, actor, (trx) => repo.predictionsAfterRow(trx, id, last?.rowNumber ?? 0, PAGE))).map((p) => ({ ...p, rowNumber: p.jobRow })),
      );
      const errorsAt = pager<repo.ScoreJobErrorRow>((last) => withTenant(db, actor, (trx) => repo.errorsAfterRow(trx, id, last ? [last.rowNumber, Number(last.id)] : [0, 0], PAGE)));
      const lines = async function* (): AsyncGenerator<unknown[]> {
        yield header;
        for await (const row of readDataRows(job.storagePath, layout)) {
          const [prediction] = await predictionsAt(row.rowNumber);
          const errors = await errorsAt(row.rowNumber);
          const inputs = layout.header.map((_h, i) => inputCell(row.values[i] ?? null));
          const outcome = prediction
            ? [prediction.pd, prediction.pdLow, prediction.pdHigh, prediction.band, prediction.rating, 'scored', null]
            : errors.length > 0
              ? [null, null, null, null, null, 'error', errors.map((e) => (e.column ? `${e.column}: ${e.reason}` : e.reason)).join(' | ')]
              : [null, null, null, null, null, 'not_processed', null];
          yield [row.rowNumber, ...inputs, ...outcome];
        }
      };
      if (format === 'csv') {
        for await (const values of lines()) {
          if (!sink.write(csvLine(values))) await once(sink, 'drain');
        }
        sink.end();
        return;
      }
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: false, useSharedStrings: false });
      const sheet = workbook.addWorksheet('Results');
      for await (const values of lines()) sheet.addRow(values.map((v) => safeCellValue(v))).commit();
      sheet.commit();
      await workbook.commit();
    },
  };
}
