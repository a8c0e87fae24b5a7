using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet.Errors;

namespace Nae.MLNet.DataView;

/// <summary>Checks that the feature column exists and is a known-size vector of Single, on a schema shape (before Fit) or a schema.</summary>
internal static class FeatureColumnSchema
{
    private const string Role = "feature";

    public static void Check(SchemaShape inputShape, string column)
    {
        var matches = inputShape.Where(c => c.Name == column).ToList();
        if (matches.Count == 0)
            throw new ArgumentOutOfRangeException(nameof(inputShape), ErrorMessages.ColumnMissing(Role, column));
        var found = matches[^1];
        if (found.Kind == SchemaShape.Column.VectorKind.VariableVector && found.ItemType == NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(inputShape), ErrorMessages.ColumnUnknownSize(Role, column));
        if (found.Kind != SchemaShape.Column.VectorKind.Vector || found.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(inputShape), ErrorMessages.ColumnWrongType(Role, column, Describe(found)));
    }

    /// <summary>Returns the column and its vector size; checks the size against the model's when <paramref name="expectedSize"/> is given.</summary>
    public static (DataViewSchema.Column Column, int Size) Check(DataViewSchema schema, string column, int? expectedSize = null)
    {
        var found = schema.GetColumnOrNull(column)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), ErrorMessages.ColumnMissing(Role, column));
        if (found.Type is VectorDataViewType { IsKnownSize: false } unknown && unknown.ItemType == NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(schema), ErrorMessages.ColumnUnknownSize(Role, column));
        if (found.Type is not VectorDataViewType { IsKnownSize: true } vector || vector.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(schema), ErrorMessages.ColumnWrongType(Role, column, found.Type.ToString() ?? "unknown"));
        if (expectedSize is int expected && vector.Size != expected)
            throw new ArgumentOutOfRangeException(nameof(schema), ErrorMessages.FeatureSizeMismatch(column, vector.Size, expected));
        return (found, vector.Size);
    }

    private static string Describe(SchemaShape.Column column) => column.Kind switch
    {
        SchemaShape.Column.VectorKind.Scalar => column.ItemType.ToString() ?? "unknown",
        SchemaShape.Column.VectorKind.Vector => $"Vector<{column.ItemType}>",
        _ => $"variable-size Vector<{column.ItemType}>",
    };
}
