using Nae.MLNet.Cli.Commands;

// nae-mlnet: command-line entry point. Wiring only; each command lives in Commands/.
// Exit codes: 0 success, 1 a failure while running (message on stderr), 2 bad usage (message and usage on stderr).
try
{
    return args.FirstOrDefault() switch
    {
        "demo" => DemoCommand.Run(CommandLine.Parse(args[1..])),
        "score" => ScoreCommand.Run(CommandLine.Parse(args[1..])),
        "-h" or "--help" or "help" => Usage(0),
        null => Usage(2, "No command given."),
        var unknown => Usage(2, $"Unknown command '{unknown}'."),
    };
}
catch (CommandLineException e)
{
    return Usage(2, e.Message);
}
catch (ArgumentException e)
{
    // an option value the library refused (e.g. --set Epochs=-1): a usage error, on one line
    Console.Error.WriteLine(ErrorText.OneLine(e));
    return 2;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    Console.Error.WriteLine(ErrorText.OneLine(e));
    return 1;
}

static int Usage(int exitCode, string? error = null)
{
    var output = exitCode == 0 ? Console.Out : Console.Error;
    if (error is not null) Console.Error.WriteLine(error);
    output.WriteLine("""
        nae-mlnet demo  [--holdout 1] [--output nae-demo-output] [--seed 1] [--detectors autoencoder,nae]
                        [--dataset digits|mnist] [--mnist-dir DIR] [--preset cpu|paper] [--set Name=Value ...]
            Hold one digit out, train the detectors with the same budget, print an AUROC table,
            write the model zip and a ROC / score-histogram plot.
        nae-mlnet score --model model.zip --data rows.idv [--output scores.csv]
            Load a saved model in this fresh process and score an ML.NET binary data file (.idv).
        Exit codes: 0 success, 1 failure, 2 bad usage.
        """);
    return exitCode;
}
