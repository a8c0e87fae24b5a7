using Microsoft.ML.Data;
using Nae.MLNet.Errors;

namespace Nae.MLNet.DataView;

/// <summary>Reading one row's feature vector: ML.NET does not check that a row's vector has the column's declared size
/// (an enumerable of arrays can hold any length), so every reader checks it here.</summary>
internal static class FeatureVectors
{
    /// <summary>Copies <paramref name="row"/> into <paramref name="target"/>, whose length is the declared size.</summary>
    /// <exception cref="InvalidOperationException">The row's vector has another length; the message names the column, the row and both sizes.</exception>
    public static void CopyRow(in VBuffer<float> row, Span<float> target, string column, long rowIndex)
    {
        if (row.Length != target.Length)
            throw new InvalidOperationException(ErrorMessages.FeatureRowLength(column, rowIndex, row.Length, target.Length));
        row.CopyTo(target);
    }

    /// <summary>Writes <paramref name="values"/> into <paramref name="destination"/>, reusing its buffer (no allocation per row).</summary>
    public static void Fill(ref VBuffer<float> destination, ReadOnlySpan<float> values)
    {
        var editor = VBufferEditor.Create(ref destination, values.Length);
        values.CopyTo(editor.Values);
        destination = editor.Commit();
    }
}
