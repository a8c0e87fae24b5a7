namespace Nae.MLNet.Training;

/// <summary>L2 penalties on the autoencoder's weights: coefficients of Σθ² over the encoder's and the decoder's parameters.</summary>
internal sealed record WeightPenalties(double Encoder, double Decoder);

/// <summary>The autoencoder phase (the plain detector, and phase 1 of NAE and MPDR): budget, optimizer and objective.</summary>
/// <param name="Epochs">Maximum passes over the training rows.</param>
/// <param name="BatchSize">Rows per mini-batch (and per validation batch).</param>
/// <param name="LearningRate">Adam learning rate.</param>
/// <param name="Penalties">L2 penalties added to the mean reconstruction energy.</param>
/// <param name="EarlyStoppingPatience">Non-improving validations (counted over the run) before stopping; 0 never stops early.</param>
internal sealed record AutoencoderPhaseSettings(int Epochs, int BatchSize, double LearningRate, WeightPenalties Penalties, int EarlyStoppingPatience);

/// <summary>One NAE update's objective and temperature (the loop's budget is <see cref="EnergyLoopSettings"/>).</summary>
/// <param name="Temperature">Initial T of p(x) ∝ exp(−E(x)/T).</param>
/// <param name="LearnTemperature">Whether log T is trained by its own optimizer.</param>
/// <param name="TemperatureLearningRate">Adam learning rate of log T.</param>
/// <param name="NegativeEnergyPenalty">γ of γ · mean(E(x⁻)²).</param>
/// <param name="Penalties">L2 penalties on the encoder and decoder weights.</param>
/// <param name="BatchSize">Rows per batch when the validation energy is computed.</param>
internal sealed record NaeUpdateSettings(double Temperature, bool LearnTemperature, double TemperatureLearningRate,
    double NegativeEnergyPenalty, WeightPenalties Penalties, int BatchSize);

/// <summary>One MPDR update's penalties (the loop's budget is <see cref="EnergyLoopSettings"/>).</summary>
/// <param name="NegativeReconstructionPenalty">MPDR-R: γ of γ · mean(recon(x⁻)²).</param>
/// <param name="EnergyEncoderL2Penalty">MPDR-R: L2 penalty on the energy autoencoder's encoder.</param>
/// <param name="EnergySquarePenalty">MPDR-S: γ of γ · (mean E(x⁺)² + mean E(x⁻)²).</param>
/// <param name="EnergyL2Penalty">L2 penalty on every energy parameter.</param>
/// <param name="BatchSize">Rows per batch when the validation energy is computed.</param>
/// <param name="OutScaleRateRatio">MPDR-R: out_scale's learning rate over the energy's (1: one Adam group; 0: frozen).</param>
internal sealed record MpdrUpdateSettings(double NegativeReconstructionPenalty, double EnergyEncoderL2Penalty,
    double EnergySquarePenalty, double EnergyL2Penalty, int BatchSize, double OutScaleRateRatio = 1);
