using Nae.MLNet.Cli.Commands;

// nae-mlnet: command-line entry point. Wiring only: the commands live in Commands/ (CliApp lists them).
return await CliApp.RunAsync(args);
