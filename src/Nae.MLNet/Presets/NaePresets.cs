namespace Nae.MLNet.Presets;

/// <summary>
/// The NAE presets. Every value is listed in docs/nae.md with the paper's value beside it.
/// </summary>
internal static class NaePresets
{
    /// <summary>The authors' MNIST hold-out configuration (<c>configs/mnist_ho_nae/l2_z32.yml</c>, reference-algorithms.md §1.4).</summary>
    public static NormalizedAutoencoderOptions Paper() => WithPaperAutoencoderPhase(new NormalizedAutoencoderOptions
    {
        NaeEpochs = 50,
        NaeLearningRate = 1e-5,
        Temperature = 1,
        NegativeEnergyPenalty = 1,
        LatentChainSteps = 10,
        LatentChainStepSize = 0.2,
        LatentChainNoise = 0.05,
        ReplayBufferSize = 10_000,
        ReplayRatio = 0.95,
        InputChainSteps = 50,
        InputChainStepSize = 10,
        InputChainNoise = 0.05,
        InputChainNoiseAnnealing = true,
        InputChainGradientClip = 0.01,
        InputChainClipMode = GradientClipMode.ElementWise,
        InputChainMinimum = 0,
        InputChainMaximum = 1,
    });

    /// <summary>The paper network with the authors' autoencoder-phase budget: up to 100 epochs, early stopping after 4
    /// epochs without improvement (<c>ae_epoch</c>, reference-algorithms.md §1.4).</summary>
    public static T WithPaperAutoencoderPhase<T>(T options) where T : EnergyDetectorOptions
    {
        WithPaperNetwork(options);
        options.Epochs = 100;
        options.EarlyStoppingPatience = 4;
        return options;
    }

    /// <summary>The authors' MNIST networks and autoencoder settings, shared by the NAE and MPDR paper presets:
    /// ConvNet2FC / DeConvNet2 (sigmoid output) with a 32-d spherical latent, batch 128, Adam 1e-4, encoder L2 1e-4.</summary>
    public static T WithPaperNetwork<T>(T options) where T : EnergyDetectorOptions
    {
        options.ImageShape = ImageShape.Mnist;
        options.DecoderOutput = DecoderOutput.Sigmoid;
        options.SphericalLatent = true;
        options.LatentDimension = 32;
        options.BatchSize = 128;
        options.LearningRate = 1e-4;
        options.EncoderL2Penalty = 1e-4;
        options.DecoderL2Penalty = 0;
        return options;
    }

    /// <summary>
    /// CPU preset: the same algorithm with an MLP (784-512-256-32 and back), a shorter input chain, a 10× NAE learning
    /// rate and a fixed number of updates, so that 54k × 784 trains in under 10 minutes on 2 cores. Detection reaches a
    /// plateau around update 1500 and oscillates on it, so the model is the mean of the weights over the last half.
    /// </summary>
    public static NormalizedAutoencoderOptions Fast()
    {
        var options = WithFastAutoencoderPhase(Paper());
        options.NaeIterations = 3000;
        options.NaeLearningRate = 1e-4;
        options.ReportInterval = 50;
        options.InputChainSteps = 20;
        options.WeightAveragingFraction = 0.5;
        return options;
    }

    /// <summary>The network and autoencoder-phase budget of <see cref="Fast"/>, shared with <c>AutoencoderOptions.Fast()</c> so that comparisons are fair.</summary>
    public static T WithFastAutoencoderPhase<T>(T options) where T : EnergyDetectorOptions
    {
        options.ImageShape = null;
        options.HiddenLayerSizes = new[] { 512, 256 };
        options.LatentDimension = 32;
        options.DecoderOutput = DecoderOutput.Sigmoid;
        options.SphericalLatent = true;
        options.BatchSize = 128;
        options.Epochs = 20;
        options.LearningRate = 1e-3;
        options.EarlyStoppingPatience = 4;
        options.EncoderL2Penalty = 1e-4;
        options.DecoderL2Penalty = 0;
        return options;
    }
}
