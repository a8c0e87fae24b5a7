using System.Collections;
using System.Globalization;

namespace Nae.MLNet.AutoML;

/// <summary>One point of a search space: option name → value (ints, doubles, booleans, "128,64" for arrays).</summary>
public sealed class Parameter : IReadOnlyDictionary<string, object>
{
    private readonly IReadOnlyDictionary<string, object> _values;

    /// <summary>A parameter with these values.</summary>
    public Parameter(IReadOnlyDictionary<string, object> values) => _values = new SortedDictionary<string, object>(values.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);

    /// <inheritdoc/>
    public object this[string key] => _values[key];

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc/>
    public IEnumerable<object> Values => _values.Values;

    /// <inheritdoc/>
    public int Count => _values.Count;

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, out object value) => _values.TryGetValue(key, out value!);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The value of <paramref name="name"/> as <typeparamref name="T"/>.</summary>
    public T Get<T>(string name) => (T)Convert.ChangeType(_values[name], typeof(T), CultureInfo.InvariantCulture);

    /// <summary>Sets each value on the property of <paramref name="target"/> with its name (the property's type decides the
    /// conversion: "128,64" becomes an int array).</summary>
    /// <exception cref="ArgumentException"><paramref name="target"/> has no writable property of a name.</exception>
    public void ApplyTo(object target)
    {
        foreach (var (name, value) in _values)
        {
            var property = target.GetType().GetProperty(name)
                ?? throw new ArgumentException($"{target.GetType().Name} has no option named {name} (swept by the search space).", nameof(target));
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object converted = type == typeof(int[]) ? ((string)value).Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray()
                : Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
            property.SetValue(target, converted);
        }
    }

    /// <summary>"Name=value; ..." in name order, numbers in the invariant culture (short forms).</summary>
    public override string ToString() => string.Join("; ", _values.Select(p => $"{p.Key}={Format(p.Value)}"));

    private static string Format(object value) => value switch
    {
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
