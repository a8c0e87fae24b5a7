namespace Nae.MLNet.Cli.Csv;

/// <summary>
/// The rows of a training file split for an experiment, at random with the run's seed: with labels, 60 % trains (its
/// normal rows only), 20 % selects and 20 % tests, each stratified by the label so that the anomalies are spread
/// evenly (without a test file or validation file; a given file takes its part); without labels, 80 % trains and
/// 20 % is held out as normal rows for label-free selection.
/// </summary>
internal sealed record DataSplit(IReadOnlyList<int> Train, IReadOnlyList<int> Validation, IReadOnlyList<int> Test)
{
    public static DataSplit Make(int rows, bool[]? labels, bool hasValidationFile, bool hasTestFile, int seed)
    {
        var random = new Random(seed);
        var groups = labels is null
            ? new[] { Enumerable.Range(0, rows).ToList() }
            : new[] { Enumerable.Range(0, rows).Where(i => !labels[i]).ToList(), Enumerable.Range(0, rows).Where(i => labels[i]).ToList() };
        double validationShare = hasValidationFile ? 0 : 0.2;
        double testShare = labels is null || hasTestFile ? 0 : 0.2;
        var train = new List<int>();
        var validation = new List<int>();
        var test = new List<int>();
        foreach (var group in groups)
        {
            var shuffled = group.OrderBy(_ => random.Next()).ToList();
            int inValidation = (int)Math.Round(shuffled.Count * validationShare), inTest = (int)Math.Round(shuffled.Count * testShare);
            validation.AddRange(shuffled.Take(inValidation));
            test.AddRange(shuffled.Skip(inValidation).Take(inTest));
            train.AddRange(shuffled.Skip(inValidation + inTest));
        }
        train.Sort();
        validation.Sort();
        test.Sort();
        return new DataSplit(train, validation, test);
    }
}
