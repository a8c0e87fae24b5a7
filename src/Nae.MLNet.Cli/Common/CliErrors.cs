namespace Nae.MLNet.Cli;

/// <summary>Bad command-line arguments (exit code 2): the message says what was expected.</summary>
internal sealed class CommandLineException(string message) : Exception(message);

/// <summary>Bad data or model files (exit code 1): the message names the file, the record and the column, and what to do.</summary>
internal sealed class CliDataException(string message) : Exception(message);

/// <summary>The process's exit codes (docs/cli.md).</summary>
internal static class ExitCodes
{
    /// <summary>Success, and --help / --version.</summary>
    public const int Success = 0;

    /// <summary>An error while running: bad data, a bad model file, a failed training.</summary>
    public const int Failure = 1;

    /// <summary>Bad usage: an unknown command or option, a missing or invalid value.</summary>
    public const int Usage = 2;

    /// <summary>The time budget ended before any trial completed.</summary>
    public const int BudgetTooSmall = 3;

    /// <summary>Cancelled by Ctrl+C / SIGINT / SIGTERM (train keeps the best completed trial's outputs).</summary>
    public const int Cancelled = 130;
}
