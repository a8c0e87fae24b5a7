"""scikit-learn baselines of the tabular benchmark suite (run by the C# harness; see docs/benchmarks.md).

Reads one split written by the harness (train.npy, test.npy: float32, already min-max scaled), fits
IsolationForest, LocalOutlierFactor (novelty=True), OneClassSVM and KNN (distance to the 5th nearest training row,
PyOD's and ADBench's default) on the training rows, and writes for each
method its anomaly scores on the test rows (higher = more anomalous: the negated score_samples), one per line,
to METHOD.txt, plus fit and scoring seconds to timing.json. The harness computes AUROC with the same function
for every method. Settings follow the local reproduction in shared/datasets/published-results (section 2).
"""
import argparse
import json
import os
import time

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.neighbors import LocalOutlierFactor, NearestNeighbors
from sklearn.svm import OneClassSVM


class KNN:
    """Distance to the k-th nearest training row (PyOD's KNN, method 'largest'): higher = more anomalous."""

    def __init__(self, n_neighbors):
        self.model = NearestNeighbors(n_neighbors=n_neighbors)

    def fit(self, x):
        self.model.fit(x)
        return self

    def score_samples(self, x):
        distances, _ = self.model.kneighbors(x)
        return -distances[:, -1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", required=True, help="folder with train.npy and test.npy; results are written there")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--methods", default="IsolationForest,LOF,OCSVM,KNN", help="comma-separated subset to run")
    args = parser.parse_args()

    train = np.load(os.path.join(args.split, "train.npy"))
    test = np.load(os.path.join(args.split, "test.npy"))
    methods = {
        "IsolationForest": IsolationForest(random_state=args.seed),
        "LOF": LocalOutlierFactor(n_neighbors=min(20, len(train) - 1), novelty=True),
        "OCSVM": OneClassSVM(gamma="auto"),
        "KNN": KNN(n_neighbors=min(5, len(train))),
    }
    timing = {}
    wanted = args.methods.split(",")
    for name, model in ((n, m) for n, m in methods.items() if n in wanted):
        started = time.perf_counter()
        model.fit(train)
        fitted = time.perf_counter()
        scores = -model.score_samples(test)
        timing[name] = {"fit": fitted - started, "score": time.perf_counter() - fitted}
        np.savetxt(os.path.join(args.split, name + ".txt"), scores, fmt="%.9g")
    with open(os.path.join(args.split, "timing.json"), "w") as f:
        json.dump(timing, f)


if __name__ == "__main__":
    main()
