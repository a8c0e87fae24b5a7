namespace Nae.MLNet;

/// <summary>Training produced non-finite losses or energies and could not recover; no model is returned.</summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception with its message and the epoch in which training diverged.</summary>
    /// <param name="message">What diverged and what to change.</param>
    /// <param name="epoch">The epoch (1-based, within its phase) in which training diverged.</param>
    public TrainingDivergedException(string message, int epoch) : base(message) => Epoch = epoch;

    /// <summary>Creates the exception with its message, the epoch in which training diverged, and the exception it explains.</summary>
    /// <param name="message">What diverged and what to change.</param>
    /// <param name="epoch">The epoch (1-based, within its phase) in which training diverged.</param>
    /// <param name="innerException">The divergence this exception explains further.</param>
    public TrainingDivergedException(string message, int epoch, Exception innerException) : base(message, innerException) => Epoch = epoch;

    /// <summary>The epoch (1-based, within its phase) in which training diverged.</summary>
    public int Epoch { get; }
}
