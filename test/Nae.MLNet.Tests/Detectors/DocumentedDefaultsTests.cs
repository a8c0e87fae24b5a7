using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Nae.MLNet.Tests.Detectors;

/// <summary>Every option's documented "Default: …" (its XML &lt;value&gt;) agrees with the value a new options object has.</summary>
public partial class DocumentedDefaultsTests
{
    private static readonly Lazy<Dictionary<string, string>> ValueDocs = new(() =>
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Nae.MLNet.xml");
        return XDocument.Load(path).Descendants("member")
            .Where(m => m.Element("value") is not null)
            .ToDictionary(m => (string)m.Attribute("name")!, m => string.Concat(m.Element("value")!.Nodes().Select(n => n is XElement e ? "<" + e.Name + ">" : n.ToString())));
    });

    [GeneratedRegex(@"Default: (\{[^}]*\}|""[^""]*""|[^\s,.;(]+(?:\.\d+)?(?:e-?\d+)?)")]
    private static partial Regex DefaultPattern();

    private static IEnumerable<TestCaseData> Options()
    {
        foreach (var options in new EnergyDetectorOptions[] { new AutoencoderOptions(), new NormalizedAutoencoderOptions(), new MpdrOptions() })
            foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                // Shared options are documented once, for the plain autoencoder; derived types document their own.
                if (property.DeclaringType != options.GetType() && options is not AutoencoderOptions) continue;
                yield return new TestCaseData(options, property).SetName($"{options.GetType().Name}.{property.Name}");
            }
    }

    [TestCaseSource(nameof(Options))]
    public void DocumentedDefault_MatchesTheCode(EnergyDetectorOptions options, PropertyInfo property)
    {
        string key = $"P:{property.DeclaringType!.FullName}.{property.Name}";
        Assert.That(ValueDocs.Value.TryGetValue(key, out var doc), Is.True, $"{key} has a <value> doc");
        var match = DefaultPattern().Match(doc!);
        Assert.That(match.Success, Is.True, $"{key} documents its default: '{doc}'");
        string documented = match.Groups[1].Value;
        if (documented.StartsWith('<')) Assert.Pass("default given as a reference");
        object? actual = property.GetValue(options);
        Assert.That(Describe(actual), Is.EqualTo(Normalize(documented)), $"{key}: '{doc}'");
    }

    private static string Normalize(string documented) => documented.Trim('"') switch
    {
        var number when double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d.ToString("R", CultureInfo.InvariantCulture),
        var text => text,
    };

    private static string Describe(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        int[] array => "{ " + string.Join(", ", array) + " }",
        int or double => Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
