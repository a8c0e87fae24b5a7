namespace Nae.MLNet;

/// <summary>How a Langevin chain clips the energy gradient before each step (the authors' code has both).</summary>
public enum GradientClipMode
{
    /// <summary>Clamp every element to [−c, c] (NAE hold-out config, <c>models/mcmc.py</c>): each step moves a value by at most stepsize · c.</summary>
    ElementWise,

    /// <summary>Scale each row of the last dimension to L2 norm ≤ c (legacy NAE, <c>clip_vector_norm(dim=-1)</c>). For flat
    /// feature vectors the row is the whole vector; for images it is each pixel row of width W.</summary>
    RowNorm,
}
