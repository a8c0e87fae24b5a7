using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Nae.MLNet.Tests.TestData;

/// <summary>A few real MNIST images (../shared/datasets/mnist), for smoke tests of the convolutional networks.</summary>
public static class MnistSample
{
    public sealed class Row
    {
        [VectorType(784)]
        public float[] Features { get; set; } = Array.Empty<float>();

        public float Label { get; set; }
    }

    /// <summary>The shared MNIST folder, or null when it is not on this machine.</summary>
    public static string? Directory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "datasets", "mnist");
            if (File.Exists(Path.Combine(candidate, "t10k-images-idx3-ubyte.gz"))) return candidate;
        }
        return null;
    }

    /// <summary>The first <paramref name="count"/> test images scaled to [0, 1]; label 1 for digit <paramref name="anomaly"/>.</summary>
    public static IDataView Load(MLContext ml, int count, int anomaly)
    {
        string directory = Directory() ?? throw new InconclusiveException("MNIST is not available under ../shared/datasets/mnist.");
        byte[] images = Gunzip(Path.Combine(directory, "t10k-images-idx3-ubyte.gz"));
        byte[] labels = Gunzip(Path.Combine(directory, "t10k-labels-idx1-ubyte.gz"));
        var rows = Enumerable.Range(0, count).Select(i => new Row
        {
            Features = Enumerable.Range(0, 784).Select(p => images[16 + i * 784 + p] / 255f).ToArray(),
            Label = labels[8 + i] == anomaly ? 1 : 0,
        }).ToList();
        return ml.Data.LoadFromEnumerable(rows);
    }

    private static byte[] Gunzip(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}
