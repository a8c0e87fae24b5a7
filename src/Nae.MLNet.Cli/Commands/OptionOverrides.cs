using System.Globalization;
using System.Reflection;

namespace Nae.MLNet.Cli.Commands;

/// <summary>Applies "--set Name=Value" overrides to detector options by property name (numbers in the invariant culture;
/// arrays as comma-separated values; "null" for nullable options).</summary>
internal static class OptionOverrides
{
    /// <summary>Sets each override the options type has; returns the names it does not have.</summary>
    public static IReadOnlyList<string> Apply(EnergyDetectorOptions options, IEnumerable<string> settings)
    {
        var unknown = new List<string>();
        foreach (var setting in settings)
        {
            int eq = setting.IndexOf('=');
            if (eq <= 0) throw new CommandLineException($"--set expects Name=Value, but got '{setting}'.");
            string name = setting[..eq], text = setting[(eq + 1)..];
            var property = options.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
            if (property is null || !property.CanWrite) { unknown.Add(name); continue; }
            property.SetValue(options, Parse(property.PropertyType, text, name));
        }
        return unknown;
    }

    /// <summary>Throws <see cref="CommandLineException"/> when a name in <paramref name="settings"/> is an option of no detector.</summary>
    public static void CheckNames(IReadOnlyList<string> settings)
    {
        var unknown = DetectorRegistry.All.Select(d => Apply(d.CreateOptions(), settings)).Aggregate((a, b) => a.Intersect(b).ToList());
        if (unknown.Count > 0) throw new CommandLineException($"--set: no detector has an option named {string.Join(", ", unknown)}.");
    }

    private static object? Parse(Type type, string text, string name)
    {
        var nullable = Nullable.GetUnderlyingType(type);
        if (text == "null" && (nullable is not null || !type.IsValueType)) return null;
        var target = nullable ?? type;
        try
        {
            if (target == typeof(int[])) return text.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            if (target.IsEnum)
            {
                var parsed = Enum.Parse(target, text, ignoreCase: true);
                return Enum.IsDefined(target, parsed) ? parsed
                    : throw new CommandLineException($"--set {name}: '{text}' is not one of {string.Join(", ", Enum.GetNames(target))}.");
            }
            return Convert.ChangeType(text, target, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidCastException or OverflowException)
        {
            throw new CommandLineException($"--set {name}: '{text}' is not a valid {target.Name}.");
        }
    }
}
