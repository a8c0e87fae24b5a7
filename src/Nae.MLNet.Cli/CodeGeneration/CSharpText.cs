using System.Collections;
using System.Globalization;
using System.Text;

namespace Nae.MLNet.Cli.CodeGeneration;

/// <summary>C# source text for generated code: identifiers from column names, literals from option values, and object
/// initializers that set every option differing from its default.</summary>
internal static class CSharpText
{
    /// <summary>A PascalCase identifier from <paramref name="name"/> ("sensor temp" → SensorTemp, "2x" → _2x), unique in <paramref name="taken"/>.</summary>
    public static string Identifier(string name, ISet<string> taken)
    {
        var text = new StringBuilder();
        bool upper = true;
        foreach (char c in name)
        {
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                text.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else upper = true;
        }
        string identifier = text.Length == 0 ? "Column" : char.IsDigit(text[0]) ? "_" + text : text.ToString();
        string unique = identifier;
        for (int i = 2; !taken.Add(unique); i++) unique = identifier + i.ToString(CultureInfo.InvariantCulture);
        return unique;
    }

    /// <summary>A C# string literal.</summary>
    public static string String(string value) => "@\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A C# literal for an option value (numbers round-trip in the invariant culture).</summary>
    public static string Literal(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => String(s),
        float f => float.IsFinite(f) ? f.ToString("R", CultureInfo.InvariantCulture) + "f" : $"float.{(float.IsNaN(f) ? "NaN" : f > 0 ? "PositiveInfinity" : "NegativeInfinity")}",
        double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) + (d == Math.Floor(d) && !d.ToString("R", CultureInfo.InvariantCulture).Contains('E') ? ".0" : "") : $"double.{(double.IsNaN(d) ? "NaN" : d > 0 ? "PositiveInfinity" : "NegativeInfinity")}",
        Enum e => $"{e.GetType().Name}.{e}",
        int[] array => $"new[] {{ {string.Join(", ", array.Select(v => v.ToString(CultureInfo.InvariantCulture)))} }}",
        IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"No C# literal for {value.GetType().Name}."),
    };

    /// <summary>"new TOptions { A = 1, B = 2 }": every public settable option of <paramref name="options"/> whose value
    /// differs from a new instance's (progress and cancellation, which are not settings, left out).</summary>
    public static string Initializer(object options, string indent)
    {
        var type = options.GetType();
        var defaults = Activator.CreateInstance(type)!;
        var lines = new List<string>();
        foreach (var property in type.GetProperties().Where(p => p.CanWrite && p.CanRead && p.GetSetMethod() is not null).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (property.PropertyType == typeof(CancellationToken) || property.Name == "Progress") continue;
            object? value = property.GetValue(options), standard = property.GetValue(defaults);
            if (Equal(value, standard)) continue;
            lines.Add($"{indent}    {property.Name} = {Literal(value)},");
        }
        return lines.Count == 0 ? $"new {type.Name}()" : $"new {type.Name}\n{indent}{{\n{string.Join("\n", lines)}\n{indent}}}";
    }

    private static bool Equal(object? a, object? b) => a is IEnumerable x && b is IEnumerable y && a is not string
        ? x.Cast<object>().SequenceEqual(y.Cast<object>())
        : Equals(a, b);
}
