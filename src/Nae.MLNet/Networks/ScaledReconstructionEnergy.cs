using Nae.MLNet.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Nae.MLNet.Networks;

/// <summary>
/// The MPDR-R energy: E(x) = out_scale² · mean_d (x_d − D'(E'(x))_d)², a second autoencoder's reconstruction error
/// times a learned scale initialized to 1 (the authors' <c>AE</c> with <c>learn_out_scale</c>).
/// </summary>
internal sealed class ScaledReconstructionEnergy : Module<Tensor, Tensor>, IEnergyNetwork
{
#pragma warning disable IDE1006 // state-dict keys
    private readonly AutoencoderNetwork ae;
    private readonly Parameter out_scale;
#pragma warning restore IDE1006

    public ScaledReconstructionEnergy(NetworkSpec spec) : base(nameof(ScaledReconstructionEnergy))
    {
        Spec = spec;
        ae = new AutoencoderNetwork(spec with { Kind = EnergyKind.Reconstruction });
        out_scale = new Parameter(torch.ones(1));
        RegisterComponents();
    }

    public NetworkSpec Spec { get; }

    public Module Module => this;

    public AutoencoderNetwork Autoencoder => ae;

    public Tensor OutScale => out_scale;

    /// <summary>out_scale as a parameter (for an optimizer of its own).</summary>
    public Parameter OutScaleParameter => out_scale;

    /// <summary>out_scale² × reconstruction error, [B].</summary>
    public Tensor Energy(Tensor x) => out_scale.Squared() * ae.Energy(x);

    public bool HasContributions => true;

    /// <summary>out_scale² × the autoencoder's per-feature terms.</summary>
    public Tensor? Contributions(Tensor x) => out_scale.Squared() * ae.Contributions(x)!;

    /// <summary>The reconstruction error without the scale, [B] (the target of <c>gamma_neg_recon</c>).</summary>
    public Tensor Reconstruction(Tensor x) => ae.Energy(x);

    public override Tensor forward(Tensor x) => Energy(x);
}
