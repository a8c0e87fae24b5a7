using Nae.MLNet.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Training;

/// <summary>The training rows and the held-out validation rows as tensors [N, D] on the training device.</summary>
internal sealed class TrainingSet : IDisposable
{
    private TrainingSet(Tensor train, Tensor? validation)
    {
        Train = train;
        Validation = validation;
    }

    public Tensor Train { get; }

    /// <summary>Validation rows, or null when <see cref="EnergyDetectorOptions.ValidationFraction"/> is 0.</summary>
    public Tensor? Validation { get; }

    /// <summary>The rows used to calibrate the threshold: the validation rows when there are any, else the training rows.</summary>
    public Tensor Calibration => Validation ?? Train;

    /// <summary>Splits rows at random (from <paramref name="random"/>) into training and validation parts.</summary>
    public static TrainingSet Split(FeatureMatrix matrix, double validationFraction, Random random, Device device)
    {
        int rows = matrix.Rows;
        int validationRows = validationFraction > 0 ? (int)Math.Max(1, Math.Round(rows * validationFraction)) : 0;
        if (validationRows > 0 && rows - validationRows < 1)
            throw new InvalidOperationException(ErrorMessages.TooFewRowsForValidation(rows, validationFraction));
        var order = Enumerable.Range(0, rows).ToArray();
        random.Shuffle(order);
        using var all = torch.tensor(matrix.Values, new long[] { rows, matrix.Columns });
        using var validationIndex = torch.tensor(order[..validationRows].Select(i => (long)i).ToArray());
        using var trainIndex = torch.tensor(order[validationRows..].Select(i => (long)i).ToArray());
        var train = all.index_select(0, trainIndex).to(device).DetachFromDisposeScope();
        var validation = validationRows > 0 ? all.index_select(0, validationIndex).to(device).DetachFromDisposeScope() : null;
        return new TrainingSet(train, validation);
    }

    public void Dispose()
    {
        Train.Dispose();
        Validation?.Dispose();
    }
}
