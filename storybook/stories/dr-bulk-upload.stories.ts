import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { DrBulkUpload } from '../../widgets/src/index.ts';
import { jobProgress } from '../mocks/fixtures.ts';
import { PENDING, eventStream, mockApi, problem } from '../mocks/mock-api.ts';

type Args = Pick<DrBulkUpload, 'scope'>;

const CSV = 'company,fiscalYear,totalAssets,totalLiabilities\nAurora Dairy Cooperative,2024,1200,420\n';

/** Picks a file in the widget's file input, as a user would (drag and drop ends in the same code). */
async function chooseFile(canvasElement: HTMLElement, name: string, type = 'text/csv'): Promise<void> {
  const widget = canvasElement.querySelector('dr-bulk-upload');
  if (!widget) throw new Error('no <dr-bulk-upload> in the story');
  await widget.updateComplete;
  const input = widget.shadowRoot?.querySelector<HTMLInputElement>('input[type=file]');
  if (!input) throw new Error('no file input');
  const transfer = new DataTransfer();
  transfer.items.add(new File([CSV], name, { type }));
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await widget.updateComplete;
}

const upload = (name = 'q4-statements.csv') => ({ canvasElement }: { canvasElement: HTMLElement }) => chooseFile(canvasElement, name);

const meta = {
  title: 'Widgets/dr-bulk-upload',
  component: 'dr-bulk-upload',
  render: (args) => html`<dr-bulk-upload scope=${args.scope}></dr-bulk-upload>`,
  args: { scope: '' },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

export const ReadyForAFile: Story = { parameters: { drSettle: { events: 0 } } };

export const Uploading: Story = { play: upload(), parameters: { drApi: mockApi({ 'POST /v1/score-jobs': PENDING }) } };

/** The job is running: live progress from the event stream, which stays open. */
export const Scoring: Story = {
  play: upload(),
  parameters: { drApi: mockApi({ 'GET /v1/score-jobs/{scoreJobId}/events': eventStream(jobProgress(1200, 3).running, { intervalMs: 100, hold: true }) }) },
};

/** Finished with refused rows: the error list and the result downloads. */
export const CompletedWithErrors: Story = { play: upload() };

export const Completed: Story = {
  play: upload(),
  parameters: { drApi: mockApi({ 'GET /v1/score-jobs/{scoreJobId}/events': eventStream([jobProgress(1200, 0).finished], { intervalMs: 50 }) }) },
};

export const JobFailed: Story = {
  play: upload(),
  parameters: {
    drApi: mockApi({
      'GET /v1/score-jobs/{scoreJobId}/events': eventStream([
        { event: 'finished', data: { ...jobProgress(1200, 0, 'failed').finished.data, processedRows: 400, succeededRows: 400, error: 'The worker lost its database connection; 400 rows were stored.' } },
      ]),
    }),
  },
};

/** The API refused the file: its problem, with the unknown columns it named. */
export const RefusedFile: Story = {
  play: upload('statements-2024.csv'),
  parameters: {
    drApi: mockApi({
      'POST /v1/score-jobs': problem(422, 'Upload invalid', 'The header has columns the model does not know.', { type: '/problems/upload-invalid', unknownColumns: ['Bilanzsumme', 'Umsatz'] }),
    }),
  },
};

/** A file that is neither CSV nor Excel is refused before anything is sent. */
export const NotASpreadsheet: Story = {
  play: ({ canvasElement }) => chooseFile(canvasElement, 'annual-report.pdf', 'application/pdf'),
  parameters: { drSettle: { events: 0 } },
};

export const DarkTheme: Story = { play: upload(), globals: { theme: 'dark' } };
