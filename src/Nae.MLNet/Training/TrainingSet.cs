using Nae.MLNet.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Nae.MLNet.Training;

/// <summary>The training rows, the held-out validation rows and the calibration rows as tensors [N, D] on the training device.</summary>
internal sealed class TrainingSet : IDisposable
{
    private TrainingSet(Tensor train, Tensor? validation, Tensor? calibration)
    {
        Train = train;
        Validation = validation;
        _calibration = calibration;
    }

    private readonly Tensor? _calibration;

    public Tensor Train { get; }

    /// <summary>Validation rows, or null when <see cref="EnergyDetectorOptions.ValidationFraction"/> is 0.</summary>
    public Tensor? Validation { get; }

    /// <summary>The rows the threshold is calibrated on: held-out rows that no training decision saw when
    /// <c>separateCalibration</c> was asked for, else the validation rows, else (no held-out rows) the training rows.</summary>
    public Tensor Calibration => _calibration ?? Validation ?? Train;

    /// <summary>Shuffles the rows (with <paramref name="random"/>) and holds out <paramref name="validationFraction"/> of
    /// them. With <paramref name="separateCalibration"/> (training decides on the validation rows: early stopping) and at
    /// least two held-out rows, the first half of the held-out rows validates and the second half calibrates; the
    /// training rows are the same either way.</summary>
    public static TrainingSet Split(FeatureMatrix matrix, double validationFraction, bool separateCalibration, Random random, Device device)
    {
        int rows = matrix.Rows;
        int validationRows = validationFraction > 0 ? (int)Math.Max(1, Math.Round(rows * validationFraction)) : 0;
        if (validationRows > 0 && rows - validationRows < 1)
            throw new InvalidOperationException(ErrorMessages.TooFewRowsForValidation(rows, validationFraction));
        var order = Enumerable.Range(0, rows).ToArray();
        random.Shuffle(order);
        using var all = torch.tensor(matrix.Values, new long[] { rows, matrix.Columns });
        int validating = separateCalibration && validationRows >= 2 ? validationRows / 2 : validationRows;
        Tensor Rows(int[] indices)
        {
            using var index = torch.tensor(indices.Select(i => (long)i).ToArray());
            return all.index_select(0, index).to(device).DetachFromDisposeScope();
        }
        var train = Rows(order[validationRows..]);
        var validation = validationRows > 0 ? Rows(order[..validating]) : null;
        var calibration = validating < validationRows ? Rows(order[validating..validationRows]) : null;
        return new TrainingSet(train, validation, calibration);
    }

    /// <summary>The diagnostic check set (<see cref="EnergyDetectorOptions.CheckSet"/>), or null.</summary>
    public CheckSetScores? Check { get; private set; }

    /// <summary>Scores <paramref name="check"/> at every report from now on (null: no check set).</summary>
    public TrainingSet WithCheck(TrainingCheck? check, Device device)
    {
        Check?.Dispose();
        Check = check is null ? null : new CheckSetScores(check, device);
        return this;
    }

    public void Dispose()
    {
        Check?.Dispose();
        Train.Dispose();
        Validation?.Dispose();
        _calibration?.Dispose();
    }
}
