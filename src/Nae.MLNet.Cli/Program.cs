using Microsoft.ML;
using Microsoft.ML.Data;
using Nae.MLNet;
var rows = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "digits.csv")).Skip(1)
  .Select(l => l.Split(',').Select(float.Parse).ToArray())
  .Select(v => new Row { Pixels = v[..64], Digit = (int)v[64] }).ToList();
int hold = 1;
var ml = new MLContext(seed: 1);
ml.Log += (_, e) => { if (e.Source.Contains("Autoencoder")) Console.WriteLine(e.Message); };
var train = ml.Data.LoadFromEnumerable(rows.Where((r, i) => r.Digit != hold && i % 3 != 0));
var test = ml.Data.LoadFromEnumerable(rows.Where((r, i) => i % 3 == 0).Select(r => new Row { Pixels = r.Pixels, Digit = r.Digit, Label = r.Digit == hold ? 1 : 0 }));
var pipe = ml.Transforms.CopyColumns("Features", "Pixels").Append(ml.Transforms.NormalizeMinMax("Features"))
  .Append(ml.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions { LatentDimension = 8, HiddenLayerSizes = new[] { 64, 32 }, Epochs = 30, Seed = 1 }));
var sw = System.Diagnostics.Stopwatch.StartNew();
var model = pipe.Fit(train);
Console.WriteLine($"fit {sw.Elapsed}");
var scored = model.Transform(test);
var m = ml.AnomalyDetection.Evaluate(scored, "Label");
Console.WriteLine($"AUC {m.AreaUnderRocCurve}");
ml.Model.Save(model, train.Schema, "/tmp/m.zip");
var ml2 = new MLContext(); ml2.RegisterNaeMLNet();
var loaded = ml2.Model.Load("/tmp/m.zip", out var schema);
var m2 = ml2.AnomalyDetection.Evaluate(loaded.Transform(test), "Label");
Console.WriteLine($"AUC loaded {m2.AreaUnderRocCurve}");
var engine = ml2.Model.CreatePredictionEngine<Row, Pred>(loaded);
var p = engine.Predict(rows[0]);
var s0 = scored.GetColumn<float>("Score").First();
Console.WriteLine($"engine {p.Score} {p.PredictedLabel} view {s0}");
public class Row { [VectorType(64)] public float[] Pixels { get; set; } = Array.Empty<float>(); public int Digit { get; set; } public float Label { get; set; } }
public class Pred { public float Score { get; set; } public bool PredictedLabel { get; set; } }
