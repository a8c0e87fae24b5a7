namespace Nae.MLNet.Cli.Rendering;

/// <summary>Prints training progress: every 10th autoencoder epoch, every NAE / MPDR report, and each phase's last epoch.</summary>
internal sealed class ConsoleProgress(string detector) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value)
    {
        if (value.Warning is not null)
        {
            Console.WriteLine($"  [{detector}] warning: {value.Warning}");
            return;
        }
        if (value.Phase != TrainingPhase.Autoencoder || value.Epoch == 1 || value.Epoch % 10 == 0 || value.Epoch == value.TotalEpochs)
            Console.WriteLine($"  [{detector}] {Describe(value)}");
    }

    private static string Describe(TrainingProgress p)
    {
        string text = FormattableString.Invariant($"{p.Phase} {p.Epoch}/{p.TotalEpochs}  loss {p.TrainingLoss:G4}  val E {p.ValidationLoss:G4}  {p.Elapsed.TotalSeconds:F0} s");
        if (p.Metrics.TryGetValue("PositiveEnergy", out var pos) && p.Metrics.TryGetValue("NegativeEnergy", out var neg))
            text += FormattableString.Invariant($"  E+ {pos:G4}  E- {neg:G4}");
        return text;
    }
}
