using System.Globalization;

namespace Nae.MLNet.Cli.Reports;

/// <summary>
/// Detection metrics of scores against labels (true = anomaly, higher score = more anomalous): AUROC (the experiments'
/// <see cref="AutoML.Auroc"/>: Mann-Whitney with ties counted half, as ML.NET's AnomalyDetection.Evaluate), AUPRC (average precision), and at a threshold (PredictedLabel
/// = score &gt; threshold) the detection rate, the false-positive rate and the confusion counts; also the detection rate at
/// a target false-positive rate on these rows.
/// </summary>
internal sealed record DetectionMetrics(double Auroc, double Auprc, float Threshold, int TruePositives, int FalsePositives, int TrueNegatives,
    int FalseNegatives, double TargetFalsePositiveRate, double DetectionRateAtTarget)
{
    public double DetectionRate => TruePositives / (double)Math.Max(1, TruePositives + FalseNegatives);

    public double FalsePositiveRate => FalsePositives / (double)Math.Max(1, FalsePositives + TrueNegatives);

    public static DetectionMetrics Compute(float[] scores, bool[] labels, float threshold, double targetFalsePositiveRate)
    {
        if (labels.All(l => l) || !labels.Any(l => l))
            throw new CliDataException($"The labels mark {labels.Count(l => l)} of {labels.Length} rows as anomalies; AUROC needs both normal rows and anomalies.");
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            bool flagged = scores[i] > threshold;
            if (labels[i]) { if (flagged) tp++; else fn++; }
            else if (flagged) fp++;
            else tn++;
        }
        var normals = scores.Where((_, i) => !labels[i]).OrderByDescending(s => s).ToArray();
        int allowed = (int)Math.Floor(targetFalsePositiveRate * normals.Length);
        float cut = allowed >= normals.Length ? float.NegativeInfinity : normals[allowed]; // at most `allowed` normals strictly above
        double rateAtTarget = scores.Where((s, i) => labels[i] && s > cut).Count() / (double)labels.Count(l => l);
        return new DetectionMetrics(AutoML.Auroc.Compute(scores.Select(s => (double)s).ToArray(), labels), AveragePrecision(scores, labels), threshold, tp, fp, tn, fn, targetFalsePositiveRate, rateAtTarget);
    }

    /// <summary>The metrics as Markdown table rows ("| name | value |").</summary>
    public string ToMarkdownRows() => string.Create(CultureInfo.InvariantCulture, $"""
        | AUROC | {Auroc:F4} |
        | AUPRC (average precision) | {Auprc:F4} |
        | threshold (PredictedLabel = score > threshold) | {Threshold:G6} |
        | detection rate at the threshold | {DetectionRate:F4} ({TruePositives} of {TruePositives + FalseNegatives} anomalies) |
        | false-positive rate at the threshold | {FalsePositiveRate:F4} ({FalsePositives} of {FalsePositives + TrueNegatives} normal rows) |
        | detection rate at {TargetFalsePositiveRate:P1} false positives (on these rows) | {DetectionRateAtTarget:F4} |
        | confusion (TP, FP, TN, FN) | {TruePositives}, {FalsePositives}, {TrueNegatives}, {FalseNegatives} |
        """);

    /// <summary>Average precision: the mean of the precision at each anomaly's rank (scores descending, ties as one step).</summary>
    public static double AveragePrecision(float[] scores, bool[] labels)
    {
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        double positives = labels.Count(l => l), tp = 0, seen = 0, sum = 0;
        for (int i = 0; i < order.Length;)
        {
            int j = i, newPositives = 0;
            while (j < order.Length && scores[order[j]] == scores[order[i]]) { if (labels[order[j]]) newPositives++; j++; }
            seen += j - i;
            tp += newPositives;
            sum += newPositives * (tp / seen);
            i = j;
        }
        return sum / positives;
    }

    /// <summary>ROC points (false-positive rate, true-positive rate), thresholds from high to low, ties as one step.</summary>
    public static (double[] Fpr, double[] Tpr) RocCurve(float[] scores, bool[] labels) => Curve(scores, labels, (tp, fp, p, n) => (fp / n, tp / p), (0, 0));

    /// <summary>Precision-recall points (recall, precision), thresholds from high to low, ties as one step.</summary>
    public static (double[] Recall, double[] Precision) PrecisionRecallCurve(float[] scores, bool[] labels) => Curve(scores, labels, (tp, fp, p, n) => (tp / p, tp / (tp + fp)), (0, 1));

    private static (double[], double[]) Curve(float[] scores, bool[] labels, Func<double, double, double, double, (double, double)> point, (double, double) start)
    {
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        double p = labels.Count(l => l), n = labels.Length - p, tp = 0, fp = 0;
        var xs = new List<double> { start.Item1 };
        var ys = new List<double> { start.Item2 };
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]]) { if (labels[order[j]]) tp++; else fp++; j++; }
            var (x, y) = point(tp, fp, p, n);
            xs.Add(x);
            ys.Add(y);
            i = j;
        }
        return (xs.ToArray(), ys.ToArray());
    }
}
