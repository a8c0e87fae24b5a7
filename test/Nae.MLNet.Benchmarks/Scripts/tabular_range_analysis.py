"""Where do the test anomalies of the tabular suite lie relative to the training rows? (see docs/benchmarks.md)

For every novelty split written by the harness (OUTPUT/work/novelty/SET/seed N/{train,test}.npy, min-max scaled
with the training rows' statistics), prints the share of test anomalies and of held-out normal rows with at least
one feature outside [0, 1] (the training range), next to the seed-1 AUROCs in the suite's journal. Test rows are the held-out
normal rows first, then every anomaly (TabularSplit), so the anomaly count comes from the data set's label column.
Usage: python3 tabular_range_analysis.py OUTPUT DATASETS_ROOT
"""
import gzip
import json
import os
import sys

import numpy as np


def anomaly_count(datasets, name):
    if name.startswith("ODDS "):
        path = os.path.join(datasets, "odds-pyod", "csv", name[5:] + ".csv")
    else:
        base = os.path.join(datasets, "adbench-classical", "csv", name)
        path = base + ".csv" if os.path.exists(base + ".csv") else base + ".csv.gz"
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        next(f)
        return sum(1 for line in f if line.rstrip().endswith(",1"))


def main():
    output, datasets = sys.argv[1], sys.argv[2]
    auroc, methods = {}, {}
    with open(os.path.join(output, "tabular-novelty.jsonl")) as f:
        for line in f:
            try:
                section = json.loads(line)
            except json.JSONDecodeError:
                continue
            for r in section["Records"]:
                if r["Measure"] == "AUROC" and r["Seed"] == 1:
                    auroc[(r["DataSet"], r["Method"])] = r["Value"]
                    methods.setdefault(r["Method"], None)
    methods = list(methods)  # every method of the journal, in the order the suite ran them
    print("| data set | anomalies outside the training range % | held-out normals outside % | " + " | ".join(methods) + " |")
    print("|---" * (3 + len(methods)) + "|")
    root = os.path.join(output, "work", "novelty")
    rows = []
    for name in sorted(os.listdir(root)):
        folder = os.path.join(root, name, "seed 1")
        if not os.path.exists(os.path.join(folder, "test.npy")):
            continue
        test = np.load(os.path.join(folder, "test.npy"))
        k = anomaly_count(datasets, name)
        outside = ((test < 0) | (test > 1)).any(axis=1)
        share_anomalies, share_normals = 100 * outside[-k:].mean(), 100 * outside[:-k].mean()
        values = [auroc.get((name, m), float("nan")) for m in methods]
        rows.append((share_anomalies, values))
        print(f"| {name} | {share_anomalies:.0f} | {share_normals:.0f} | " + " | ".join(f"{v:.3f}" for v in values) + " |")
    shares = np.array([r[0] for r in rows])
    for i, m in enumerate(methods):
        v = np.array([r[1][i] for r in rows])
        ok = ~np.isnan(v)
        print(f"{m}: Pearson r(share of anomalies outside, AUROC) = {np.corrcoef(shares[ok], v[ok])[0, 1]:.2f} over {ok.sum()} sets")


if __name__ == "__main__":
    main()
