import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { components, operations } from '../../../../openapi/generated/schema.d.ts';
import { connectionContext, type DrConnection } from '../../internal/contexts.ts';
import { defineElement } from '../../internal/define.ts';
import { fileNameOf, saveBlob } from '../../internal/download.ts';
import { readEventStream } from '../../internal/event-stream.ts';
import { DrProblem, dataOf, isAbort, toProblem } from '../../internal/problem.ts';
import { sharedStyles } from '../../internal/shared.styles.ts';
import { cardStyles } from '../../internal/card.styles.ts';
import { tableStyles } from '../../internal/table.styles.ts';
import { DrErrorEvent } from '../../events/dr-error.ts';
import { DrJobFinishedEvent } from '../../events/dr-job-finished.ts';
import { DrLoadedEvent } from '../../events/dr-loaded.ts';
import { bulkUploadStyles } from './dr-bulk-upload.styles.ts';

type ScoreJob = components['schemas']['ScoreJob'];
type ScoreJobStatus = components['schemas']['ScoreJobStatus'];
type ScoreJobErrorList = components['schemas']['ScoreJobErrorList'];
type DataScope = components['schemas']['DataScope'];
type UploadBody = operations['createScoreJob']['requestBody']['content']['multipart/form-data'];
type ResultFormat = 'csv' | 'xlsx';

const FINAL_STATUSES: readonly ScoreJobStatus[] = ['completed', 'completed_with_errors', 'failed', 'cancelled'];
const STATUS_LABELS: Record<ScoreJobStatus, string> = {
  queued: 'Waiting for a worker',
  running: 'Scoring',
  completed: 'Completed',
  completed_with_errors: 'Completed with errors',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
const ACCEPTED_EXTENSIONS = ['.csv', '.xlsx'];
/** Row errors per page of the error list. */
const ERRORS_PAGE = 50;
/** An event stream that ends before the job does (a proxy timeout, a restarted server) is reopened this often at most. */
const MAX_RECONNECTS = 5;
const RECONNECT_MS = 1000;

const count = new Intl.NumberFormat(undefined);
const rate = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

const isFinal = (status: ScoreJobStatus) => FINAL_STATUSES.includes(status);

/** "45 s", "3 min 20 s", "2 h 5 min". */
function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** Percent done, or undefined while the row count is unknown (workbooks until they are read). */
function percentOf(job: ScoreJob): number | undefined {
  // A CSV's row count is an upper bound (blank lines count), so a finished job is 100 % by definition.
  if (job.status === 'completed' || job.status === 'completed_with_errors') return 100;
  if (!job.totalRows) return undefined;
  return Math.min(100, Math.floor((job.processedRows / job.totalRows) * 100));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/**
 * @summary Upload a .csv or .xlsx file of statements, follow the scoring live, then read the rows
 * that were refused and download the results.
 *
 * @event dr-job-finished - The job reached its final status (`event.job`).
 * @event dr-loaded - A finished job's summary and error list are on screen.
 * @event dr-error - The upload, the progress stream, the error list or a download failed; the widget
 *   shows the problem's title and detail (for a refused file, also its unknown columns).
 *
 * @csspart base - The outer box.
 * @csspart dropzone - The drop area with the file picker.
 * @csspart templates - The template download links.
 * @csspart progress - The progress section (bar, figures, cancel).
 * @csspart progress-bar - The <progress> element.
 * @csspart errors - The table of refused rows.
 * @csspart downloads - The results download buttons.
 *
 * @cssproperty --dr-color-surface - Background.
 * @cssproperty --dr-color-border - Borders, the drop area's outline.
 * @cssproperty --dr-color-accent - Progress bar, buttons, the drop area while a file is over it.
 * @cssproperty --dr-color-danger - Problems and the failed count.
 * @cssproperty --dr-radius - Corner radius.
 * @cssproperty --dr-space - Padding and gaps.
 */
export class DrBulkUpload extends LitElement {
  static override styles = [sharedStyles, cardStyles, tableStyles, bulkUploadStyles];

  /**
   * Where the results go: `personal`, `organization` or `global` (empty: the caller's organization,
   * else personal). Embed tokens cannot start jobs; the widget needs a user's access token.
   */
  @property() scope: DataScope | '' = '';

  @consume({ context: connectionContext, subscribe: true })
  @state()
  connection?: DrConnection;

  /** The file being uploaded, or the last one picked. */
  @state() private file?: File;
  /** The job as last reported by the API (updated by every progress event). */
  @state() private job?: ScoreJob;
  /** The job once final: the error list and downloads are about it. */
  @state() private finishedJob?: ScoreJob;
  /** `pick`: the drop area; `job`: an upload and its job. */
  @state() private view: 'pick' | 'job' = 'pick';
  @state() private isDragging = false;
  /** A problem found before anything was sent (wrong file type). */
  @state() private pickProblem?: DrProblem;
  @state() private actionProblem?: DrProblem;
  @state() private isCancelling = false;
  @state() private downloading?: ResultFormat;
  @state() private errorsCursor: string | null = null;

  #upload = new Task(this, {
    autoRun: false,
    args: () => [this.connection?.client, this.file, this.scope] as const,
    task: async ([client, file, scope], { signal }): Promise<ScoreJob | typeof initialState> => {
      if (!client || !file) return initialState;
      const form = new FormData();
      form.append('file', file, file.name);
      if (scope) form.append('scope', scope);
      // The spec types a multipart body as its fields; openapi-fetch sends a FormData as it is.
      const created = await dataOf(client.POST('/v1/score-jobs', { body: form as unknown as UploadBody, signal }));
      this.job = created;
      const finished = await this.#follow(created, signal);
      this.finishedJob = finished;
      this.dispatchEvent(new DrJobFinishedEvent(finished));
      return finished;
    },
    onError: (error) => {
      if (!isAbort(error)) this.dispatchEvent(new DrErrorEvent('dr-bulk-upload', toProblem(error)));
    },
  });

  #errors = new Task(this, {
    args: () => [this.connection?.client, this.finishedJob, this.errorsCursor] as const,
    task: async ([client, job, cursor], { signal }): Promise<ScoreJobErrorList | typeof initialState> => {
      if (!client || !job) return initialState;
      if (job.failedRows === 0) return { items: [], nextCursor: null };
      const query = cursor ? { limit: ERRORS_PAGE, cursor } : { limit: ERRORS_PAGE };
      const page = await dataOf(client.GET('/v1/score-jobs/{scoreJobId}/errors', { params: { path: { scoreJobId: job.id }, query }, signal }));
      // "Show more" appends: keep what is on screen and add the next page.
      const before = cursor ? (this.#errors.value?.items ?? []) : [];
      return { items: [...before, ...page.items], nextCursor: page.nextCursor };
    },
    onComplete: () => this.dispatchEvent(new DrLoadedEvent('dr-bulk-upload')),
    onError: (error) => this.dispatchEvent(new DrErrorEvent('dr-bulk-upload', toProblem(error))),
  });

  /**
   * Follows the job's event stream until its `finished` event, updating `job` on every `progress`
   * event. Read through fetch, so the provider's token (and its renewal on a 401) applies.
   */
  async #follow(job: ScoreJob, signal: AbortSignal): Promise<ScoreJob> {
    let current = job;
    for (let attempt = 0; ; attempt += 1) {
      const client = this.connection?.client;
      if (!client) throw new DrProblem({ type: '/problems/no-provider', title: 'Not connected', status: 0, detail: 'The widget lost its <dr-provider>.' });
      const stream = await dataOf(client.GET('/v1/score-jobs/{scoreJobId}/events', { params: { path: { scoreJobId: job.id } }, parseAs: 'stream', signal }));
      if (stream) {
        for await (const event of readEventStream(stream)) {
          if (event.event !== 'progress' && event.event !== 'finished') continue;
          current = JSON.parse(event.data) as ScoreJob;
          this.job = current;
          if (event.event === 'finished' || isFinal(current.status)) return current;
        }
      }
      if (attempt >= MAX_RECONNECTS) {
        throw new DrProblem({ type: '/problems/network-error', title: 'Lost the progress stream', status: 0, detail: 'The connection to DefaultRate kept closing; the job goes on and its results will be in the portfolio.' });
      }
      await sleep(RECONNECT_MS, signal);
    }
  }

  protected override render() {
    const isBusy = this.#upload.status === TaskStatus.PENDING;
    const showPicker = this.view === 'pick' || this.#upload.status === TaskStatus.ERROR;
    return html`<section part="base" aria-busy=${isBusy ? 'true' : 'false'} aria-label="Bulk scoring">
      ${this.view === 'job'
        ? this.#upload.render({
            pending: () => (this.job ? this.#progress(this.job) : html`<p class="placeholder" role="status">Uploading ${this.file?.name}…</p>`),
            complete: (job) => this.#finished(job),
            error: (error) => this.#uploadProblem(toProblem(error)),
          })
        : nothing}
      ${showPicker ? this.#picker() : nothing}
    </section>`;
  }

  #picker() {
    const base = (this.connection?.apiBase ?? '').replace(/\/+$/, '');
    return html`
      <div
        part="dropzone"
        class=${this.isDragging ? 'dragging' : ''}
        @dragenter=${this.#onDragOver}
        @dragover=${this.#onDragOver}
        @dragleave=${() => (this.isDragging = false)}
        @drop=${this.#onDrop}
      >
        <p class="lead">Drop a .csv or .xlsx file of financial statements here</p>
        <label class="button pick"
          >Choose a file<input class="visually-hidden" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" @change=${this.#onPick}
        /></label>
        <p part="templates" class="note">
          One statement per row. Columns: download the <a href="${base}/v1/score-jobs/template.csv" download>CSV template</a> or the
          <a href="${base}/v1/score-jobs/template.xlsx" download>Excel template</a>.
        </p>
      </div>
      ${this.pickProblem ? this.#problem(this.pickProblem) : nothing}
    `;
  }

  #problem(problem: DrProblem) {
    return html`<div class="problem" role="alert"><strong>${problem.title}</strong>${problem.detail}</div>`;
  }

  /** A refused upload: the API's reason, the unknown columns it named, and what to do. */
  #uploadProblem(problem: DrProblem) {
    const unknownColumns = Array.isArray(problem.document.unknownColumns) ? (problem.document.unknownColumns as unknown[]).map(String) : [];
    return html`<div class="problem" role="alert">
      <strong>${problem.title}${this.file ? html`: ${this.file.name}` : nothing}</strong>
      <span>${problem.detail}</span>
      ${unknownColumns.length > 0
        ? html`<p>Unknown columns: ${unknownColumns.map((c, i) => html`${i ? ', ' : ''}<code>${c}</code>`)}. Rename them as in the template, or remove them.</p>`
        : nothing}
      ${problem.status === 413 ? html`<p>Split the file into smaller ones and upload each.</p>` : nothing}
    </div>`;
  }

  #figures(job: ScoreJob) {
    const parts = [job.totalRows ? `${count.format(job.processedRows)} of ${count.format(job.totalRows)} rows` : `${count.format(job.processedRows)} rows`];
    if (!isFinal(job.status)) {
      if (job.rowsPerSecond) parts.push(`${rate.format(job.rowsPerSecond)} rows/s`);
      if (job.etaSeconds !== null) parts.push(`about ${formatDuration(job.etaSeconds)} left`);
    }
    return parts.join(' · ');
  }

  #progressBar(job: ScoreJob) {
    const percent = percentOf(job);
    return html`<div class="bar-line">
      ${percent === undefined
        ? html`<progress part="progress-bar" aria-label="Scoring progress"></progress>`
        : html`<progress part="progress-bar" max="100" .value=${percent} aria-label="Scoring progress"></progress>`}
      <span class="percent">${percent === undefined ? '' : `${percent} %`}</span>
    </div>`;
  }

  #progress(job: ScoreJob) {
    return html`<div part="progress">
      <p class="file"><strong>${job.fileName}</strong> <span role="status">${job.cancelRequestedAt ? 'Cancelling…' : STATUS_LABELS[job.status]}</span></p>
      ${this.#progressBar(job)}
      <p class="figures">${this.#figures(job)}</p>
      <div class="actions">
        <button type="button" class="secondary" @click=${this.#cancel} ?disabled=${this.isCancelling || Boolean(job.cancelRequestedAt)}>Cancel</button>
      </div>
      ${this.actionProblem ? this.#problem(this.actionProblem) : nothing}
    </div>`;
  }

  #finished(job: ScoreJob) {
    const errors = this.#errors.value;
    return html`<div part="progress">
      <p class="file"><strong>${job.fileName}</strong> <span role="status" data-status=${job.status}>${STATUS_LABELS[job.status]}</span></p>
      ${this.#progressBar(job)}
      <p class="figures">
        ${count.format(job.succeededRows)} scored ·
        <span class=${job.failedRows ? 'failed' : ''}>${count.format(job.failedRows)} refused</span>
        ${(job.status === 'failed' || job.status === 'cancelled') && job.totalRows && job.processedRows < job.totalRows ? html` · ${count.format(job.totalRows - job.processedRows)} not processed` : nothing}
      </p>
      ${job.error ? html`<div class="problem" role="alert"><strong>The job stopped</strong>${job.error}</div>` : nothing}
    </div>
    ${job.failedRows > 0 ? this.#errorTable(errors) : nothing}
    <div part="downloads">
      <button type="button" @click=${() => this.#download('csv')} ?disabled=${Boolean(this.downloading)}>${this.downloading === 'csv' ? 'Preparing…' : 'Download results (CSV)'}</button>
      <button type="button" @click=${() => this.#download('xlsx')} ?disabled=${Boolean(this.downloading)}>${this.downloading === 'xlsx' ? 'Preparing…' : 'Download results (Excel)'}</button>
      <button type="button" class="secondary" @click=${this.#reset}>Upload another file</button>
    </div>
    ${this.actionProblem ? this.#problem(this.actionProblem) : nothing}`;
  }

  #errorTable(errors: ScoreJobErrorList | undefined) {
    if (this.#errors.status === TaskStatus.ERROR) return this.#problem(toProblem(this.#errors.error));
    if (!errors) return html`<p class="placeholder" role="status">Loading the refused rows…</p>`;
    return html`<div class="scroll">
        <table part="errors">
          <caption>Rows that were not scored</caption>
          <thead><tr><th scope="col" class="num">Row</th><th scope="col">Column</th><th scope="col">Reason</th></tr></thead>
          <tbody>
            ${errors.items.map((e) => html`<tr><td class="num">${e.rowNumber}</td><td>${e.column ?? '—'}</td><td>${e.reason}</td></tr>`)}
          </tbody>
        </table>
      </div>
      ${errors.nextCursor
        ? html`<button type="button" class="secondary" @click=${() => (this.errorsCursor = errors.nextCursor)} ?disabled=${this.#errors.status === TaskStatus.PENDING}>Show more</button>`
        : nothing}`;
  }

  #onDragOver(event: DragEvent): void {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    this.isDragging = true;
  }

  #onDrop(event: DragEvent): void {
    event.preventDefault();
    this.isDragging = false;
    const file = event.dataTransfer?.files[0];
    if (file) this.#start(file);
  }

  #onPick(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    // Cleared so that picking the same file again (after fixing it) fires change again.
    input.value = '';
    if (file) this.#start(file);
  }

  #start(file: File): void {
    const name = file.name.toLowerCase();
    if (!ACCEPTED_EXTENSIONS.some((ext) => name.endsWith(ext))) {
      this.pickProblem = new DrProblem({ type: '/problems/unsupported-file', title: 'Not a .csv or .xlsx file', status: 0, detail: `${file.name} cannot be scored; save it as CSV or Excel (.xlsx) first.` });
      // Only this problem is current; an earlier upload's outcome would read as if it were about this file.
      this.view = 'pick';
      return;
    }
    if (!this.connection?.client) {
      this.pickProblem = new DrProblem({ type: '/problems/no-provider', title: 'Not connected', status: 0, detail: 'The page has not given this widget a DefaultRate token yet; try again in a moment.' });
      this.view = 'pick';
      return;
    }
    this.pickProblem = undefined;
    this.actionProblem = undefined;
    this.file = file;
    this.job = undefined;
    this.finishedJob = undefined;
    this.errorsCursor = null;
    this.isCancelling = false;
    this.view = 'job';
    void this.#upload.run();
  }

  #reset(): void {
    this.view = 'pick';
    this.job = undefined;
    this.finishedJob = undefined;
    this.actionProblem = undefined;
  }

  async #cancel(): Promise<void> {
    const client = this.connection?.client;
    const job = this.job;
    if (!client || !job) return;
    this.isCancelling = true;
    try {
      // The stream reports the outcome (a `finished` event with status `cancelled`).
      this.job = await dataOf(client.POST('/v1/score-jobs/{scoreJobId}/cancel', { params: { path: { scoreJobId: job.id } } }));
    } catch (error) {
      const problem = toProblem(error);
      // 409: the job finished meanwhile, which the stream is about to say anyway.
      if (problem.status !== 409) {
        this.actionProblem = problem;
        this.dispatchEvent(new DrErrorEvent('dr-bulk-upload', problem));
      }
    } finally {
      this.isCancelling = false;
    }
  }

  async #download(format: ResultFormat): Promise<void> {
    const client = this.connection?.client;
    const job = this.finishedJob;
    if (!client || !job) return;
    this.downloading = format;
    this.actionProblem = undefined;
    try {
      const { data, error, response } = await client.GET('/v1/score-jobs/{scoreJobId}/results', { params: { path: { scoreJobId: job.id }, query: { format } }, parseAs: 'blob' });
      if (error !== undefined || !response.ok || !data) throw toProblem(error, response);
      saveBlob(data, fileNameOf(response, `${job.fileName.replace(/\.(csv|xlsx)$/i, '')}-results.${format}`), this.renderRoot);
    } catch (error) {
      this.actionProblem = toProblem(error);
      this.dispatchEvent(new DrErrorEvent('dr-bulk-upload', this.actionProblem));
    } finally {
      this.downloading = undefined;
    }
  }
}

defineElement('dr-bulk-upload', DrBulkUpload);

declare global {
  interface HTMLElementTagNameMap {
    'dr-bulk-upload': DrBulkUpload;
  }
}
