using TorchSharp;
using static Nae.MLNet.Torch.ScalarCache;
using static TorchSharp.torch;

namespace Nae.MLNet.Torch;

/// <summary>
/// Addition and squaring with every scalar kept alive. TorchSharp 0.107's <c>a + b</c> is <c>a.add(b, 1)</c> and its
/// <c>x.square()</c> is <c>x.pow(2)</c>: each makes a scalar that is unreachable while libtorch still reads it, and a
/// garbage collection at that moment frees it ("Expected false to be true ... toFloat"; see <see cref="ScalarCache"/>).
/// These helpers call the same libtorch operations with cached scalars, so results are bit-identical. Subtraction,
/// multiplication and division by a tensor or a cached scalar are safe as operators. ScalarLifetimeTests
/// (test/Nae.MLNet.Tests/Torch) checks the library's IL for both rules.
/// </summary>
internal static class TensorArithmetic
{
    private static readonly Scalar One = S(1), Two = S(2);

    /// <summary><paramref name="a"/> + <paramref name="b"/>.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><paramref name="a"/> + <paramref name="b"/>, with <paramref name="b"/> a cached scalar.</summary>
    public static Tensor Plus(this Tensor a, Scalar b) => a.add(b, One);

    /// <summary>In place: <paramref name="a"/> += <paramref name="b"/>, with <paramref name="b"/> a cached scalar.</summary>
    public static Tensor PlusInPlace(this Tensor a, Scalar b) => a.add_(b, One);

    /// <summary>x², element-wise (libtorch's pow(x, 2), as TorchSharp's <c>square()</c>).</summary>
    public static Tensor Squared(this Tensor x) => x.pow(Two);
}
