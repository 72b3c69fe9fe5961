/**
 * Micro-benchmark of the tree learners on the US bankruptcy data, side by side with
 * scikit-learn (HistGradientBoostingClassifier / RandomForestClassifier) on the same features,
 * same split and same hyperparameters, in the same run. Not a test: it prints figures only.
 *
 *   npx tsx model/src/bench/trees.bench.ts
 *
 * Train = years ≤ 2011, validation = 2012–2014, target `bankrupt_next_year`. Features: the 18
 * raw amounts plus plain ratios built inline (NaN on a zero denominator), so this file does not
 * depend on the feature pipeline. sklearn is skipped (with a note) if /usr/bin/python3 lacks it.
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Matrix } from '../matrix.ts';
import { GradientBoostingClassifier, RandomForestClassifier } from '../tree/index.ts';
import { rocAuc } from '../metrics/auc.ts';

const DATA_DIR = process.env.DEFAULTRATE_DATA_DIR ?? '/work/shared/data';
const CSV = join(DATA_DIR, 'us-bankruptcy/train_1999_2014.csv');

/** Ratio features as [numerator, denominator] item numbers (X1..X18). */
const RATIOS: Array<[number, number]> = [
  [1, 10], [4, 10], [6, 10], [11, 10], [12, 10], [14, 10], [15, 10], [17, 10], [9, 10], [8, 17],
  [1, 14], [6, 9], [13, 9], [4, 17], [3, 10], [5, 10], [7, 9], [18, 9], [12, 9], [8, 10], [2, 9], [11, 17],
];

interface Split { X: Matrix; y: Uint8Array }

function load(): { train: Split; valid: Split; names: string[] } {
  const lines = readFileSync(CSV, 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const yearCol = header.indexOf('year');
  const labelCol = header.indexOf('bankrupt_next_year');
  const itemCol = Array.from({ length: 18 }, (_, k) => header.indexOf(`X${k + 1}`));
  const names = [...itemCol.map((_, k) => `X${k + 1}`), ...RATIOS.map(([a, b]) => `X${a}/X${b}`), 'log(X10)'];
  const nCols = names.length;
  const rows: { year: number; label: number; x: Float64Array }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].split(',');
    const item = (k: number): number => {
      const t = f[itemCol[k - 1]];
      return t === '' ? Number.NaN : Number(t);
    };
    const x = new Float64Array(nCols);
    for (let k = 0; k < 18; k++) x[k] = item(k + 1);
    RATIOS.forEach(([a, b], j) => {
      const d = item(b);
      x[18 + j] = d === 0 || Number.isNaN(d) ? Number.NaN : item(a) / d;
    });
    x[nCols - 1] = item(10) > 0 ? Math.log(item(10)) : Number.NaN;
    rows.push({ year: Number(f[yearCol]), label: Number(f[labelCol]), x });
  }
  const build = (keep: (year: number) => boolean): Split => {
    const sel = rows.filter((r) => keep(r.year));
    const data = new Float64Array(sel.length * nCols);
    sel.forEach((r, i) => data.set(r.x, i * nCols));
    return { X: { data, nRows: sel.length, nCols }, y: Uint8Array.from(sel, (r) => r.label) };
  };
  return { train: build((y) => y <= 2011), valid: build((y) => y >= 2012), names };
}

function seconds(start: number): number {
  return (performance.now() - start) / 1000;
}

/** Rows per second of `score` over `X`, best of a few repetitions after a warm-up. */
function scoringRate(score: (X: Matrix) => unknown, X: Matrix): number {
  score(X);
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    score(X);
    best = Math.min(best, seconds(t));
  }
  return X.nRows / best;
}

const PYTHON = String.raw`
import sys, time, json, numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import roc_auc_score
d = sys.argv[1]; cfg = json.loads(sys.argv[2])
p = cfg['nCols']
Xtr = np.fromfile(d + '/Xtr.bin').reshape(-1, p); ytr = np.fromfile(d + '/ytr.bin', dtype=np.uint8)
Xva = np.fromfile(d + '/Xva.bin').reshape(-1, p); yva = np.fromfile(d + '/yva.bin', dtype=np.uint8)
def rate(f, X):
    f(X); best = 1e9
    for _ in range(5):
        t = time.perf_counter(); f(X); best = min(best, time.perf_counter() - t)
    return len(X) / best
out = {}
g = cfg['gbm']
from threadpoolctl import threadpool_limits
def hgb():
    return HistGradientBoostingClassifier(learning_rate=g['learningRate'], max_iter=g['maxIter'], max_leaf_nodes=g['maxLeafNodes'],
        min_samples_leaf=g['minSamplesLeaf'], l2_regularization=g['l2Regularization'], max_bins=g['maxBins'],
        early_stopping=False, random_state=0)
m = hgb()
t = time.perf_counter(); m.fit(Xtr, ytr); fit = time.perf_counter() - t
out['gbm'] = dict(fit=fit, rate=rate(m.predict_proba, Xva), auc=roc_auc_score(yva, m.predict_proba(Xva)[:, 1]), iters=m.n_iter_)
with threadpool_limits(1):
    m = hgb()
    t = time.perf_counter(); m.fit(Xtr, ytr); fit = time.perf_counter() - t
    out['gbm1'] = dict(fit=fit, rate=rate(m.predict_proba, Xva), auc=roc_auc_score(yva, m.predict_proba(Xva)[:, 1]))
r = cfg['rf']
Xtr0 = np.nan_to_num(Xtr, nan=-1e12); Xva0 = np.nan_to_num(Xva, nan=-1e12)
m = RandomForestClassifier(n_estimators=r['nEstimators'], max_depth=r['maxDepth'], min_samples_leaf=r['minSamplesLeaf'],
    max_features='sqrt', n_jobs=cfg['nJobs'], random_state=0, oob_score=True)
t = time.perf_counter(); m.fit(Xtr0, ytr); fit = time.perf_counter() - t
out['rf'] = dict(fit=fit, rate=rate(m.predict_proba, Xva0), auc=roc_auc_score(yva, m.predict_proba(Xva0)[:, 1]), oob=m.oob_score_)
print(json.dumps(out))
`;

function runSklearn(train: Split, valid: Split, cfg: object): Record<string, Record<string, number>> | string {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import sklearn']);
  if (probe.status !== 0) return 'scikit-learn not importable by /usr/bin/python3 (apt-get install -y python3-sklearn)';
  const dir = mkdtempSync(join(tmpdir(), 'dr-bench-'));
  try {
    writeFileSync(join(dir, 'Xtr.bin'), train.X.data);
    writeFileSync(join(dir, 'ytr.bin'), train.y);
    writeFileSync(join(dir, 'Xva.bin'), valid.X.data);
    writeFileSync(join(dir, 'yva.bin'), valid.y);
    const res = spawnSync('/usr/bin/python3', ['-c', PYTHON, dir, JSON.stringify(cfg)], { encoding: 'utf8' });
    if (res.status !== 0) return `sklearn run failed: ${res.stderr}`;
    return JSON.parse(res.stdout) as Record<string, Record<string, number>>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const { train, valid } = load();
  const pos = (y: Uint8Array): number => y.reduce((a, b) => a + b, 0);
  process.stdout.write(
    `train ${train.X.nRows} rows (${pos(train.y)} positives), validation ${valid.X.nRows} rows (${pos(valid.y)}), ${train.X.nCols} features\n`,
  );

  // sklearn's HistGradientBoostingClassifier defaults (no column sampling), for a like-for-like timing.
  const gbmOptions = {
    learningRate: 0.1, maxIter: 200, maxLeafNodes: 31, minSamplesLeaf: 20, l2Regularization: 0, maxBins: 255, colsampleByTree: 1,
  };
  const rfOptions = { nEstimators: 300, maxDepth: 12, minSamplesLeaf: 5 };

  let t = performance.now();
  const gbm = new GradientBoostingClassifier({ ...gbmOptions, earlyStoppingRounds: null }).fit(train.X, train.y);
  const gbmFit = seconds(t);
  const gbmAuc = rocAuc(valid.y, gbm.decisionFunction(valid.X));
  const gbmRate = scoringRate((X) => gbm.predictProba(X), valid.X);

  t = performance.now();
  const gbmOne = new GradientBoostingClassifier({ ...gbmOptions, earlyStoppingRounds: null, nThreads: 1 }).fit(train.X, train.y);
  const gbmOneFit = seconds(t);
  const gbmOneAuc = rocAuc(valid.y, gbmOne.decisionFunction(valid.X));

  t = performance.now();
  const gbmDefault = new GradientBoostingClassifier().fit(train.X, train.y, { validation: valid });
  const gbmDefaultFit = seconds(t);
  const gbmDefaultAuc = rocAuc(valid.y, gbmDefault.decisionFunction(valid.X));

  t = performance.now();
  const rf = new RandomForestClassifier(rfOptions).fit(train.X, train.y);
  const rfFit = seconds(t);
  const rfAuc = rocAuc(valid.y, rf.decisionFunction(valid.X));
  const rfRate = scoringRate((X) => rf.predictProba(X), valid.X);
  const rfJsonMb = JSON.stringify(rf.toJSON()).length / 1e6;

  t = performance.now();
  const rfDefault = new RandomForestClassifier().fit(train.X, train.y);
  const rfDefaultFit = seconds(t);
  const rfDefaultAuc = rocAuc(valid.y, rfDefault.decisionFunction(valid.X));

  t = performance.now();
  const shapRows = Math.min(2000, valid.X.nRows);
  gbm.shap({ data: valid.X.data.subarray(0, shapRows * valid.X.nCols), nRows: shapRows, nCols: valid.X.nCols });
  const shapRate = shapRows / seconds(t);

  const sk = runSklearn(train, valid, { nCols: train.X.nCols, gbm: gbmOptions, rf: rfOptions, nJobs: -1 });
  const fmt = (v: number | undefined, d = 3): string => (v === undefined ? '-' : v.toFixed(d));
  const kRate = (v: number | undefined): string => (v === undefined ? '-' : `${(v / 1000).toFixed(0)}k`);
  const lines = [
    ['model', 'fit s', 'score rows/s', 'valid AUC', 'notes'],
    ['ours GBM (200 it, lr 0.1)', fmt(gbmFit, 2), kRate(gbmRate), fmt(gbmAuc, 4), `nThreads ${gbm.options.nThreads ?? 'auto'}`],
    ['ours GBM (200 it), 1 thread', fmt(gbmOneFit, 2), '', fmt(gbmOneAuc, 4), ''],
    ['ours GBM defaults + early stop', fmt(gbmDefaultFit, 2), '', fmt(gbmDefaultAuc, 4),
      `${gbmDefault.state?.trees.length} trees kept of ${gbmDefault.state?.nIterationsRun}`],
    ['ours RF (300 trees, depth 12)', fmt(rfFit, 2), kRate(rfRate), fmt(rfAuc, 4),
      `OOB AUC ${fmt(rf.state?.oob?.auc, 4)}, JSON ${rfJsonMb.toFixed(2)} MB`],
    ['ours RF defaults', fmt(rfDefaultFit, 2), '', fmt(rfDefaultAuc, 4), `OOB AUC ${fmt(rfDefault.state?.oob?.auc, 4)}`],
  ];
  if (typeof sk === 'string') {
    lines.push(['sklearn', '-', '-', '-', sk]);
  } else {
    lines.push(['sklearn HistGBM (200 it)', fmt(sk.gbm.fit, 2), kRate(sk.gbm.rate), fmt(sk.gbm.auc, 4), `${sk.gbm.iters} iters, OpenMP default threads`]);
    lines.push(['sklearn HistGBM (200 it), 1 thread', fmt(sk.gbm1.fit, 2), kRate(sk.gbm1.rate), fmt(sk.gbm1.auc, 4), 'threadpool_limits(1)']);
    lines.push(['sklearn RF (300, depth 12)', fmt(sk.rf.fit, 2), kRate(sk.rf.rate), fmt(sk.rf.auc, 4),
      `OOB accuracy ${fmt(sk.rf.oob, 4)}; NaN → −1e12 (sklearn 1.2 RF has no NaN support)`]);
  }
  process.stdout.write(`load average at end: ${loadavg().map((v) => v.toFixed(2)).join(' ')} (${availableParallelism()} cores)\n`);
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  for (const l of lines) process.stdout.write(`${l.map((cell, c) => cell.padEnd(widths[c])).join('  ')}\n`);
  process.stdout.write(`ours GBM TreeSHAP: ${shapRate.toFixed(0)} rows/s (${gbm.state?.trees.length} trees)\n`);
}

main();
