using Nae.MLNet.Cli.Commands;

// nae-mlnet: command-line entry point. Wiring only; each command lives in Commands/.
try
{
    return args.FirstOrDefault() switch
    {
        "demo" => DemoCommand.Run(CommandLine.Parse(args[1..])),
        "score" => ScoreCommand.Run(CommandLine.Parse(args[1..])),
        null or "-h" or "--help" or "help" => Usage(0),
        var unknown => Usage(2, $"Unknown command '{unknown}'."),
    };
}
catch (CommandLineException e)
{
    return Usage(2, e.Message);
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    Console.Error.WriteLine($"{e.GetType().Name}: {e.Message}");
    return 1;
}

static int Usage(int exitCode, string? error = null)
{
    if (error is not null) Console.Error.WriteLine(error);
    Console.WriteLine("""
        nae-mlnet demo  [--holdout 1] [--output nae-demo-output] [--seed 1]
            Hold one digit out of the bundled 8x8 digits, train the detectors with the same budget,
            print an AUROC table, write the model zip and a ROC / score-histogram plot.
        nae-mlnet score --model model.zip --data rows.idv [--output scores.csv]
            Load a saved model in this fresh process and score an ML.NET binary data file (.idv).
        """);
    return exitCode;
}
