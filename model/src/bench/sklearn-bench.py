"""scikit-learn side of `npm run bench:model`: fits HistGradientBoosting, RandomForest and
LogisticRegression on the CSVs exported by model-bench.ts and prints one JSON line per model."""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score


def load(path):
    data = np.loadtxt(path, delimiter=",", dtype=np.float64)
    return data[:, 1:], data[:, 0].astype(np.int64)


def throughput(model, X):
    reps, start = 0, time.perf_counter()
    while True:
        model.predict_proba(X)
        reps += 1
        elapsed = time.perf_counter() - start
        if elapsed > 0.5:
            return reps * X.shape[0] / elapsed


def run(name, model, train, valid):
    start = time.perf_counter()
    model.fit(*train)
    fit_seconds = time.perf_counter() - start
    p = model.predict_proba(valid[0])[:, 1]
    print(json.dumps({"model": name, "fitSeconds": fit_seconds, "rowsPerSecond": throughput(model, valid[0]),
                      "auc": roc_auc_score(valid[1], p)}), flush=True)


def main():
    cfg = json.loads(sys.argv[1])
    raw_train, raw_valid = load(cfg["rawTrain"]), load(cfg["rawValid"])
    lin_train, lin_valid = load(cfg["linearTrain"]), load(cfg["linearValid"])
    g = cfg["gbm"]
    run("gbm", HistGradientBoostingClassifier(
        learning_rate=g["learningRate"], max_iter=g["trees"], max_leaf_nodes=g["maxLeafNodes"],
        min_samples_leaf=g["minSamplesLeaf"], l2_regularization=g["l2Regularization"], early_stopping=False,
        random_state=cfg["seed"]), raw_train, raw_valid)
    r = cfg["rf"]
    # sklearn's forest cannot take NaN in every version; the median of the training column stands in.
    med = np.nanmedian(raw_train[0], axis=0)
    fill = lambda X: np.where(np.isnan(X), med, X)
    run("rf", RandomForestClassifier(
        n_estimators=r["nEstimators"], max_depth=r["maxDepth"], min_samples_leaf=r["minSamplesLeaf"],
        max_features="sqrt", n_jobs=1, random_state=cfg["seed"]),
        (fill(raw_train[0]), raw_train[1]), (fill(raw_valid[0]), raw_valid[1]))
    run("lr", LogisticRegression(C=1.0 / cfg["lrL2"], max_iter=2000), lin_train, lin_valid)


if __name__ == "__main__":
    main()
