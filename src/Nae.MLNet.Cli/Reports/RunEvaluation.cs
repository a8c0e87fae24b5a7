using System.Globalization;

namespace Nae.MLNet.Cli.Reports;

/// <summary>The selected model's scores on the rows the report describes, and the metrics when they are labelled.</summary>
internal sealed record RunEvaluation(string RowsName, float[] Scores, bool[]? Labels, float? Threshold, DetectionMetrics? Metrics, AutoML.TestEvaluation? Interval)
{
    public string Rows => string.Create(CultureInfo.InvariantCulture, $"{Scores.Length} {RowsName}");
}
