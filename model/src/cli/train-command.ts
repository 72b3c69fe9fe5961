import { relative } from 'node:path';
import { loadUsBankruptcy, REPO_ROOT, resolveDataDir } from '../data/us-bankruptcy.ts';
import { DEFAULT_ARTIFACT_PATH, saveDefaultModel } from '../data/model-artifact.ts';
import { MEMBER_KINDS, type MemberKind } from '../ensemble/members.ts';
import { trainDefaultModel } from '../ensemble/train-default-model.ts';
import { formatTable } from './format-table.ts';

/** `npm run model -- train [--out path] [--members gbm,rf,lr]`: fits and writes the artifact. */
export function runTrain(flags: Map<string, string>, log: (line: string) => void): void {
  const data = loadUsBankruptcy(resolveDataDir(flags.get('data-dir')));
  const members = flags.get('members')?.split(',').map((m) => m.trim()) as MemberKind[] | undefined;
  for (const m of members ?? []) if (!(MEMBER_KINDS as readonly string[]).includes(m)) throw new RangeError(`--members must list ${MEMBER_KINDS.join(', ')}, got ${m}`);
  log(`training on ${data.rows.length} rows from ${relative(REPO_ROOT, data.path)}`);
  const { model, report } = trainDefaultModel(data.rows, members ? { members } : {}, { dataFile: 'us-bankruptcy/train_1999_2014.csv', dataSha256: data.sha256 });
  const out = flags.get('out') ?? DEFAULT_ARTIFACT_PATH;
  const bytes = saveDefaultModel(model, out);
  const v = report.validation;
  const rows: (string | number)[][] = [
    ['ensemble (weights+calibration fitted on validation; optimistic)', v.ensemble.auc, v.ensemble.brier, v.ensemble.logLoss, v.ensemble.ece],
    ['ensemble (cross-fitted by validation year)', v.ensembleCrossFit.auc, v.ensembleCrossFit.brier, v.ensembleCrossFit.logLoss, v.ensembleCrossFit.ece],
    ['ensemble without previous year', v.ensembleWithoutHistory.auc, v.ensembleWithoutHistory.brier, v.ensembleWithoutHistory.logLoss, v.ensembleWithoutHistory.ece],
    ...Object.entries(v.members).map(([k, e]) => [k, e.auc, e.brier, e.logLoss, e.ece]),
    ...(v.altmanZ ? [['altman Z (isotonic on train years)', v.altmanZ.auc, v.altmanZ.brier, v.altmanZ.logLoss, v.altmanZ.ece]] : []),
  ];
  log(formatTable(['validation 2012–2014', 'AUC', 'Brier', 'log-loss', 'ECE'], rows));
  log(`weights ${JSON.stringify(report.weights)}; calibration ${model.calibrator.method} (cross-fitted log-loss ${JSON.stringify(report.calibrationCrossFitLogLoss)})`);
  log(`LR l2=${report.lrL2} (validation log-loss by l2 ${JSON.stringify(report.lrValidationLogLoss)}); GBM trees kept ${report.gbmTrees}`);
  log(`seconds ${JSON.stringify(report.seconds)}`);
  log(`wrote ${relative(process.cwd(), out)} (${(bytes / 1e6).toFixed(2)} MB), version ${model.version}`);
}
