using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Errors;
using Nae.MLNet.Training;

namespace Nae.MLNet.DataView;

/// <summary>Reads the feature column of an IDataView into one dense matrix, rejecting NaN and infinite values by row and slot.</summary>
internal static class FeatureMatrixReader
{
    public static FeatureMatrix Read(IDataView data, string columnName, CancellationToken cancellation)
    {
        var (column, size) = FeatureColumnSchema.Check(data.Schema, columnName);
        var values = new float[size * (int)Math.Clamp(data.GetRowCount() ?? 1024, 1, int.MaxValue / Math.Max(size, 1))];
        int rows = 0;
        using (var cursor = data.GetRowCursor(new[] { column }))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> row = default;
            while (cursor.MoveNext())
            {
                if ((rows & 1023) == 0) cancellation.ThrowIfCancellationRequested();
                if ((long)(rows + 1) * size > values.Length)
                    Array.Resize(ref values, (int)Math.Min((long)values.Length * 2 + size, Array.MaxLength));
                getter(ref row);
                var target = values.AsSpan(rows * size, size);
                FeatureVectors.CopyRow(row, target, columnName, rows);
                CheckFinite(target, columnName, rows);
                rows++;
            }
        }
        if (rows == 0) throw new InvalidOperationException(ErrorMessages.NoTrainingRows(columnName));
        if (values.Length != rows * size) Array.Resize(ref values, rows * size);
        return new FeatureMatrix(values, rows, size);
    }

    private static void CheckFinite(ReadOnlySpan<float> row, string column, long rowIndex)
    {
        for (int slot = 0; slot < row.Length; slot++)
            if (!float.IsFinite(row[slot]))
                throw new InvalidOperationException(ErrorMessages.NonFiniteFeature(column, rowIndex, slot, row[slot]));
    }
}
