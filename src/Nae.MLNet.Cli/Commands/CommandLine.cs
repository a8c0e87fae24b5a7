namespace Nae.MLNet.Cli.Commands;

/// <summary>Minimal "--name value" parsing shared by the commands.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _values;
    private readonly List<string> _settings;

    private CommandLine(Dictionary<string, string> values, List<string> settings)
    {
        _values = values;
        _settings = settings;
    }

    /// <summary>Every "--set Name=Value" option override, in order.</summary>
    public IReadOnlyList<string> Settings => _settings;

    public static CommandLine Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var settings = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new CommandLineException($"Expected '--name value' pairs, but got '{args[i]}'.");
            string name = args[i][2..], value = args[++i];
            if (name == "set") settings.Add(value);
            else values[name] = value;
        }
        return new CommandLine(values, settings);
    }

    public string Get(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public string Require(string name) => _values.TryGetValue(name, out var value)
        ? value
        : throw new CommandLineException($"Missing required option --{name}.");

    public int GetInt(string name, int fallback)
    {
        if (!_values.TryGetValue(name, out var value)) return fallback;
        return int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int parsed)
            ? parsed
            : throw new CommandLineException($"--{name} expects an integer, but got '{value}'.");
    }
}

/// <summary>Bad command-line arguments (exit code 2).</summary>
internal sealed class CommandLineException(string message) : Exception(message);
