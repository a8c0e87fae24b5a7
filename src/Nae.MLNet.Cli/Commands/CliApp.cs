using System.CommandLine;
using System.CommandLine.Invocation;

namespace Nae.MLNet.Cli.Commands;

/// <summary>
/// The <c>nae-mlnet</c> command line on System.CommandLine: the commands, per-command <c>--help</c>, <c>--version</c>,
/// typos rejected with a suggestion, Ctrl+C passed to the running command as a cancellation, and one exit code per
/// outcome (<see cref="ExitCodes"/>). Every failure ends with one line on standard error, never a stack trace.
/// </summary>
internal static class CliApp
{
    /// <summary>How long a cancelled command may take to write what it keeps (train saves the best completed trial).</summary>
    private static readonly TimeSpan CancellationGrace = TimeSpan.FromSeconds(120);

    public static RootCommand CreateRoot() => new("nae-mlnet: energy-based anomaly detectors (NAE, MPDR) for ML.NET, on CSV files.")
    {
        TrainCommand.Create(),
        EvaluateCommand.Create(),
        ScoreCommand.Create(),
        ExplainCommand.Create(),
        DemoCommand.Create(),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = CreateRoot();
        root.Description += "\n\nExit codes: 0 success, 1 error, 2 bad usage, 3 time budget ended before any trial completed, 130 cancelled (Ctrl+C).";
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            if (parsed.Action is ParseErrorAction errorAction)
            {
                errorAction.ShowHelp = false;
                errorAction.ShowTypoCorrections = true;
            }
            await parsed.InvokeAsync(new InvocationConfiguration { Output = Console.Error });
            Console.Error.WriteLine($"Run '{HelpCommandLine(parsed)}' for the options.");
            return ExitCodes.Usage;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = CancellationGrace });
        }
        catch (Exception e) when (Unwrap(e) is CommandLineException or ArgumentException)
        {
            // bad arguments, including option values the library refused (e.g. --set Epochs=-1)
            Console.Error.WriteLine(Unwrap(e) is CommandLineException usage ? usage.Message : ErrorText.OneLine(Unwrap(e)));
            Console.Error.WriteLine($"Run '{HelpCommandLine(parsed)}' for the options.");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (Unwrap(e) is OperationCanceledException)
        {
            Console.Error.WriteLine("Cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (Unwrap(e) is CliDataException)
        {
            Console.Error.WriteLine(Unwrap(e).Message);
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine(ErrorText.OneLine(e));
            return ExitCodes.Failure;
        }
    }

    private static Exception Unwrap(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : e;

    private static string HelpCommandLine(ParseResult parsed) =>
        parsed.CommandResult.Command is RootCommand ? "nae-mlnet --help" : $"nae-mlnet {parsed.CommandResult.Command.Name} --help";
}
