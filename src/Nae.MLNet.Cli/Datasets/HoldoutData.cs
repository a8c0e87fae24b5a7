using System.Globalization;
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Nae.MLNet.Cli.Datasets;

/// <summary>
/// A hold-out-class protocol: train on every class but one, test on a disjoint set where the held-out class is the
/// anomaly (label 1). Pixels are scaled to [0, 1] by the maximum intensity (16 for the digits, 255 for MNIST), as the
/// authors' ToTensor does.
/// </summary>
internal sealed record HoldoutData(string Name, int HeldOut, int FeatureCount, IReadOnlyList<ImageRow> Train, IReadOnlyList<ImageRow> Test)
{
    /// <summary>The bundled 8×8 digits: train on the other nine digits of two thirds of the rows, test on the last third.</summary>
    public static HoldoutData Digits(int heldOut)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Data", "digits.csv");
        var all = File.ReadLines(path).Skip(1).Select((line, i) =>
        {
            var v = line.Split(',').Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            return Row(i, v[..64].Select(x => x / 16f).ToArray(), (int)v[64], heldOut);
        }).ToList();
        return new HoldoutData("8x8 digits", heldOut, 64,
            all.Where(r => r.Id % 3 != 0 && r.Digit != heldOut).ToList(),
            all.Where(r => r.Id % 3 == 0).ToList());
    }

    /// <summary>MNIST (IDX files, gzip): train on the 60k training images without the held-out digit (~54k), test on the 10k test images.</summary>
    public static HoldoutData Mnist(string directory, int heldOut)
    {
        var train = ReadIdx(directory, "train", heldOut).Where(r => r.Digit != heldOut).ToList();
        var test = ReadIdx(directory, "t10k", heldOut).ToList();
        return new HoldoutData("MNIST", heldOut, 784, train, test);
    }

    /// <summary>Loads rows with a Pixels vector of <see cref="FeatureCount"/> slots.</summary>
    public IDataView Load(MLContext ml, IEnumerable<ImageRow> rows)
    {
        var schema = SchemaDefinition.Create(typeof(ImageRow));
        schema[nameof(ImageRow.Pixels)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureCount);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    /// <summary>Finds ../shared/datasets/mnist from the working directory or the program's folder, or $NAE_MNIST_DIR.</summary>
    public static string? FindMnist()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("NAE_MNIST_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "datasets", "mnist");
                if (File.Exists(Path.Combine(candidate, "train-images-idx3-ubyte.gz"))) return candidate;
            }
        return null;
    }

    private static ImageRow Row(int id, float[] pixels, int digit, int heldOut) =>
        new() { Id = id, Pixels = pixels, Digit = digit, Label = digit == heldOut ? 1 : 0 };

    private static IEnumerable<ImageRow> ReadIdx(string directory, string prefix, int heldOut)
    {
        byte[] images = Gunzip(Path.Combine(directory, $"{prefix}-images-idx3-ubyte.gz"));
        byte[] labels = Gunzip(Path.Combine(directory, $"{prefix}-labels-idx1-ubyte.gz"));
        int count = BigEndian(images, 4), rows = BigEndian(images, 8), columns = BigEndian(images, 12);
        if (BigEndian(images, 0) != 2051 || BigEndian(labels, 0) != 2049 || BigEndian(labels, 4) != count)
            throw new InvalidDataException($"{directory}: not a pair of MNIST IDX files.");
        int size = rows * columns;
        for (int i = 0; i < count; i++)
        {
            var pixels = new float[size];
            for (int p = 0; p < size; p++) pixels[p] = images[16 + i * size + p] / 255f;
            yield return Row(i, pixels, labels[8 + i], heldOut);
        }
    }

    private static int BigEndian(byte[] data, int offset) =>
        (data[offset] << 24) | (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3];

    private static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}
