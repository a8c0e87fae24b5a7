using System.Globalization;

namespace Nae.MLNet.Errors;

/// <summary>All user-facing wording of this library's exceptions, in one place (tests match fragments of it).</summary>
internal static class ErrorMessages
{
    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static string OptionRequired(string name) => F($"{name} must be set.");

    public static string CheckSetMismatch(int checkFeatures, int features) =>
        F($"CheckSet has rows of {checkFeatures} features, but the feature column has {features}: score rows of the training data's shape.");

    public static string OptionOutOfRange(string name, object value, string expected) =>
        F($"{name} must be {expected}, but was {value}.");

    public static string ColumnMissing(string role, string column) =>
        F($"Schema mismatch for {role} column '{column}': the column was not found in the input.");

    public static string ColumnWrongType(string role, string column, string actual) =>
        F($"Schema mismatch for {role} column '{column}': expected known-size vector of Single, got {actual}.");

    public static string FeatureSizeMismatch(string column, int actual, int expected) =>
        F($"Feature column '{column}' has {actual} slots, but the model was trained on {expected}. Score with the same featurization.");

    public static string ImageShapeMismatch(ImageShape shape, int featureCount) =>
        F($"ImageShape {shape} holds {shape.FeatureCount} values, but feature vectors have {featureCount} slots.");

    public static string ConvolutionalSize(string dimension, int value) =>
        F($"ImageShape.{dimension} must be 4·k + 12 for some k ≥ 1 (16, 20, 24, 28, 32, ...) for the convolutional networks, but was {value}.");

    public static string LatentTooLarge(string option, int latent, int featureCount) =>
        F($"{option} ({latent}) must be smaller than the number of features ({featureCount}).");

    public static string NonFiniteFeature(string column, long row, int slot, float value) =>
        F($"Feature column '{column}' holds {value} at row {row}, slot {slot}. Remove or impute rows with NaN or infinite values before Fit.");

    public static string NoTrainingRows(string column) =>
        F($"The training data has no rows (feature column '{column}'). Fit needs at least one row.");

    public static string TooFewRowsForValidation(long rows, double fraction) =>
        F($"ValidationFraction {fraction} of {rows} rows leaves no row for training or none for validation. Use more rows or set ValidationFraction to 0.");

    public static string CudaUnavailable(string device) =>
        F($"Device '{device}' was requested, but this libtorch build has no CUDA support or no GPU is visible. Use \"cpu\", or build with TorchBackend=cuda-windows on a machine with a GPU.");

    public static string GpuDeviceUnavailable(int id) =>
        F($"MLContext.GpuDeviceId is {id}, but this libtorch build has no CUDA support or no GPU is visible, and MLContext.FallbackToCpu is false. Set FallbackToCpu to true, or set the detector's Device option to \"cpu\".");

    public static string GpuFallback(int id) =>
        F($"MLContext.GpuDeviceId is {id}, but no GPU is visible: training on the CPU (FallbackToCpu).");

    public static string TooFewCalibrationRows(int rows, double rate, double smallest) =>
        F($"{rows} calibration rows cannot keep the false-positive rate at {rate:G4}: the smallest rate they can promise is {smallest:G4}. The threshold is the largest calibration score; train on more rows or raise ValidationFraction.");

    public static string NotExplainable() =>
        "This model's score does not split exactly into per-feature contributions: only reconstruction energies do (Autoencoder, NAE, MPDR-R), not MPDR-S's scalar energy or a score ensemble. For MPDR-S, WithFeatureContributions(baseline) gives an approximate gradient × input attribution.";

    public static string ModelDisposed() =>
        "This Nae.MLNet model was disposed (by Dispose, or by a PredictionEngine that owned it), so its network is freed. " +
        "Keep a model alive while it is used; create engines with new PredictionEngineOptions { OwnsTransformer = false } to keep the model after the engine.";

    public static string FeatureRowLength(string column, long row, int actual, int expected) =>
        F($"Feature column '{column}' has {actual} values at row {row}, but {expected} were expected (the column's declared size). Every row's vector must have the declared size.");

    public static string ColumnUnknownSize(string role, string column) =>
        F($"Schema mismatch for {role} column '{column}': expected a known-size vector of Single, got a vector of unknown size (Vector<Single>). Declare the size: [VectorType(n)] on the input class's property, or a SchemaDefinition with ColumnType = new VectorDataViewType(NumberDataViewType.Single, n).");

    public static string UnscaledFeatures(string diverged, double largest, long row, int slot) =>
        F($"{diverged} The likely cause is unscaled input: the training features reach {largest:G4} (row {row}, slot {slot}). Scale them first (NormalizeMinMax for a sigmoid decoder, NormalizeMeanVariance for a linear one).");

    public static string UnknownDetector(string name, IEnumerable<string> known, string? closest) =>
        F($"There is no detector named '{name}'.{(closest is null ? "" : $" Did you mean '{closest}'?")} Known detectors: {string.Join(", ", known)}.");

    public static string NoDetectorForOptions(string optionsType) =>
        F($"No Nae.MLNet detector takes options of type {optionsType}; use the options class of a detector in DetectorRegistry.All.");

    public static string OptionsOfAnotherDetector(string detector, string other) =>
        F($"These options configure {other}, not {detector}. Create them with the {detector} registry entry's CreateOptions.");

    public static string UnknownPreset(object preset, string detector) =>
        F($"{preset} is not a preset of {detector}; use a DetectorPreset value.");

    public static string DeviceName(string device) =>
        F($"Device must be \"cpu\", \"cuda\" or \"cuda:N\", but was '{device}'.");

    public static string ThresholdNotFinite(float threshold) =>
        F($"The threshold must be a finite number, but was {threshold}.");

    public static string NoCalibrationScores() =>
        "This model holds no calibration scores, so a false-positive rate cannot be turned into a threshold. Use WithThreshold.";

    public static string ModelFormat(string entry, string field, string problem) =>
        F($"The model stream '{entry}' is not a valid Nae.MLNet model: {field} {problem}.");

    public static string ModelVersion(uint version, uint oldest, uint newest) =>
        F($"The model was written with format version {version:X8}; this Nae.MLNet reads versions {oldest:X8} to {newest:X8}. Upgrade Nae.MLNet.");

    public static string MlNetInternalMissing(string member) =>
        F($"Nae.MLNet could not find the ML.NET member '{member}'. Nae.MLNet's model persistence is built against Microsoft.ML 5.0.1; use exactly that version.");

    public static string TrainingDiverged(string phase, int epoch, string what) =>
        F($"{phase} training diverged in epoch {epoch}: {what}. Lower the learning rate or the MCMC step sizes.");

    public static string GetterType(string column, object columnType, string requested) =>
        F($"Column '{column}' is of type {columnType}, but a getter of {requested} was requested.");

    public static string CursorNotOnRow() => "The cursor is not positioned on a row; call MoveNext first.";

    public static string TooManyScalarConstants(int capacity) =>
        F($"More than {capacity} distinct scalar constants were requested; a varying value must use a tensor.");

    public static string NotALoadContext(string? type) =>
        F($"Expected an ML.NET ModelLoadContext, got {type ?? "null"}.");

    public static string ColumnNotActive(string column) =>
        F($"Column '{column}' is not active in this cursor; request it in GetRowCursor.");
}
