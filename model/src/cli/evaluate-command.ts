import { loadUsBankruptcy, resolveDataDir } from '../data/us-bankruptcy.ts';
import { DEFAULT_ARTIFACT_PATH, loadDefaultModel } from '../data/model-artifact.ts';
import { altmanZ } from '../features/altman-z.ts';
import { buildTrainingMatrix, fitAltmanBaseline, rowsInYears, subsetTraining } from '../ensemble/train-default-model.ts';
import { validationReport } from '../ensemble/validation-report.ts';
import type { Evaluation } from '../metrics/evaluation.ts';
import { formatPercent, formatTable } from './format-table.ts';

/**
 * `npm run model -- evaluate [--artifact path]`: metrics on the validation years for the ensemble,
 * each member and Altman's Z, side by side, with decile calibration and band default rates.
 */
export function runEvaluate(flags: Map<string, string>, log: (line: string) => void): void {
  const model = loadDefaultModel(flags.get('artifact') ?? DEFAULT_ARTIFACT_PATH);
  const meta = model.metadata as { trainYears: [number, number]; validationYears: [number, number]; options: { weightStep: number; isHistoryMasked?: boolean } };
  const data = loadUsBankruptcy(resolveDataDir(flags.get('data-dir')));
  const all = buildTrainingMatrix(data.rows);
  const train = subsetTraining(all, rowsInYears(all.years, meta.trainYears));
  const valid = subsetTraining(all, rowsInYears(all.years, meta.validationYears));
  const altman = fitAltmanBaseline(train);
  const report = validationReport(model, valid.X, valid.y, valid.years, {
    weightStep: meta.options.weightStep,
    isHistoryMasked: meta.options.isHistoryMasked ?? false,
    altmanPd: altmanZ(valid.X).map((z) => altman.predict(-z)),
  });
  const columns: [string, Evaluation][] = [
    ['ensemble*', report.ensemble],
    ['ens. cross-fit', report.ensembleCrossFit],
    ['ens. no history', report.ensembleWithoutHistory],
    ...Object.entries(report.members).map(([k, e]): [string, Evaluation] => [k, e]),
    ...(report.altmanZ ? [['altman Z', report.altmanZ] as [string, Evaluation]] : []),
  ];
  log(`model ${model.version}; validation years ${meta.validationYears.join('–')}: ${report.ensemble.n} rows, ${report.ensemble.defaults} defaults`);
  const metric = (name: string, f: (e: Evaluation) => number): (string | number)[] => [name, ...columns.map(([, e]) => f(e))];
  log(
    formatTable(
      ['metric', ...columns.map(([k]) => k)],
      [
        metric('AUC', (e) => e.auc),
        metric('accuracy ratio (Gini)', (e) => e.accuracyRatio),
        metric('KS', (e) => e.ks),
        metric('Brier', (e) => e.brier),
        metric('log-loss', (e) => e.logLoss),
        metric('ECE (deciles)', (e) => e.ece),
      ],
    ),
  );
  log(
    '* weights and calibration were fitted on these validation rows, so the ensemble column is optimistic;\n' +
      '  "ens. cross-fit" picks weights and calibration on the other two validation years for each year (the fair figure);\n' +
      '  "ens. no history" scores the same rows with the previous fiscal year withheld (single-statement callers).\n' +
      '  Members show σ(own logit), uncalibrated; Altman Z is mapped to a PD by isotonic regression fitted on the training years.',
  );
  log('\ncalibration by decile of predicted PD: mean PD → observed default rate (defaults/rows)');
  const nBins = Math.max(...columns.map(([, e]) => e.calibration.length));
  const decileRows: string[][] = [];
  for (let b = 0; b < nBins; b++) {
    decileRows.push([String(b + 1), ...columns.map(([, e]) => {
      const bin = e.calibration[b];
      return bin ? `${formatPercent(bin.meanPd)} → ${formatPercent(bin.observedRate)} (${bin.defaults}/${bin.count})` : '';
    })]);
  }
  log(formatTable(['decile', ...columns.map(([k]) => k)], decileRows));
  log('\nobserved default rate per band (defaults/rows)');
  const bandRows = report.ensemble.bands.map((b, i) => [b.band, ...columns.map(([, e]) => `${formatPercent(e.bands[i].observedRate)} (${e.bands[i].defaults}/${e.bands[i].count})`)]);
  log(formatTable(['band', ...columns.map(([k]) => k)], bandRows));
}
