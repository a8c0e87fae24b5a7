using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Nae.MLNet.Networks;

/// <summary>Fully connected encoder and decoder stacks (the authors' FCNet with LeakyReLU(0.2) hidden activations).</summary>
internal static class MlpLayers
{
    private const double LeakySlope = 0.2;

    /// <summary>input → hidden[0] → ... → hidden[^1] → latent; LeakyReLU after every layer but the last.</summary>
    public static Module<Tensor, Tensor> Encoder(int input, int[] hidden, int latent) =>
        Stack(new[] { input }.Concat(hidden).Append(latent).ToArray(), outputActivation: null);

    /// <summary>latent → hidden reversed → input; LeakyReLU after every layer but the last, then the output activation.</summary>
    public static Module<Tensor, Tensor> Decoder(int latent, int[] hidden, int input, DecoderOutput output) =>
        Stack(new[] { latent }.Concat(hidden.Reverse()).Append(input).ToArray(),
              output == DecoderOutput.Sigmoid ? Sigmoid() : null);

    private static Module<Tensor, Tensor> Stack(int[] widths, Module<Tensor, Tensor>? outputActivation)
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        for (int i = 0; i + 1 < widths.Length; i++)
        {
            layers.Add(($"linear{i}", Linear(widths[i], widths[i + 1])));
            if (i + 2 < widths.Length) layers.Add(($"act{i}", new LeakyRelu(LeakySlope)));
        }
        if (outputActivation is not null) layers.Add(("out", outputActivation));
        return Sequential(layers);
    }
}
