namespace Nae.MLNet.Cli.Rendering;

/// <summary>Prints training progress to the console: one line every few epochs and at the end of each phase.</summary>
internal sealed class ConsoleProgress(string detector) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value)
    {
        if (value.Epoch == 1 || value.Epoch % 10 == 0 || value.Epoch == value.TotalEpochs)
            Console.WriteLine($"  [{detector}] {value}");
    }
}
