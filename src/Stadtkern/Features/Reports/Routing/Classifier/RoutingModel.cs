using System.IO.Compression;
using System.Text;

namespace Stadtkern.Features.Reports.Routing.Classifier;

/// <summary>A department with its probability.</summary>
internal sealed record ClassProbability(string Label, double Probability);

/// <summary>
/// A trained router: the feature vocabulary, the softmax weights (float32), the department labels and the calibration
/// temperature. <see cref="Serialize"/> writes a compact binary form (Brotli-compressed) for the routing_models table.
/// </summary>
internal sealed class RoutingModel(Featurizer featurizer, string[] labels, float[] weights, double temperature)
{
    private const int FormatVersion = 1;

    public Featurizer Featurizer { get; } = featurizer;

    /// <summary>The departments (keys), in class order.</summary>
    public string[] Labels { get; } = labels;

    public float[] Weights { get; } = weights;

    public double Temperature { get; } = temperature;

    /// <summary>Calibrated probabilities of every department, best first.</summary>
    public IReadOnlyList<ClassProbability> Predict(RoutingExample example)
    {
        var z = Logits(example);
        SoftmaxRegression.Softmax(z, Temperature);
        return [.. z.Select((p, k) => new ClassProbability(Labels[k], p)).OrderByDescending(c => c.Probability).ThenBy(c => c.Label, StringComparer.Ordinal)];
    }

    /// <summary>Uncalibrated scores (before the temperature), in class order.</summary>
    public double[] Logits(RoutingExample example)
    {
        var z = new double[Labels.Length];
        SoftmaxRegression.Scores(Weights, Featurizer.Transform(example), Labels.Length, z);
        return z;
    }

    public byte[] Serialize()
    {
        using var buffer = new MemoryStream();
        using (var brotli = new BrotliStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        using (var writer = new BinaryWriter(brotli, Encoding.UTF8))
        {
            var o = Featurizer.Options;
            writer.Write(FormatVersion);
            writer.Write(o.MinDocumentFrequency);
            writer.Write(o.CharGramMin);
            writer.Write(o.CharGramMax);
            writer.Write(o.WordWeight);
            writer.Write(o.CharWeight);
            writer.Write(o.CategoricalWeight);
            writer.Write(o.CoarseCell);
            writer.Write(o.FineCell);
            writer.Write(Temperature);
            writer.Write(Labels.Length);
            foreach (var label in Labels)
            {
                writer.Write(label);
            }

            writer.Write(Featurizer.Count);
            foreach (var hash in Featurizer.Hashes)
            {
                writer.Write(hash);
            }

            foreach (var idf in Featurizer.Idf)
            {
                writer.Write(idf);
            }

            writer.Write(Featurizer.Blocks);
            foreach (var w in Weights)
            {
                writer.Write(w);
            }
        }

        return buffer.ToArray();
    }

    public static RoutingModel Deserialize(byte[] bytes)
    {
        using var brotli = new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new BinaryReader(brotli, Encoding.UTF8);
        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Unknown routing model format {version}.");
        }

        var options = new FeatureOptions
        {
            MinDocumentFrequency = reader.ReadInt32(),
            CharGramMin = reader.ReadInt32(),
            CharGramMax = reader.ReadInt32(),
            WordWeight = reader.ReadSingle(),
            CharWeight = reader.ReadSingle(),
            CategoricalWeight = reader.ReadSingle(),
            CoarseCell = reader.ReadDouble(),
            FineCell = reader.ReadDouble(),
        };
        var temperature = reader.ReadDouble();
        var labels = new string[reader.ReadInt32()];
        for (var k = 0; k < labels.Length; k++)
        {
            labels[k] = reader.ReadString();
        }

        var count = reader.ReadInt32();
        var hashes = new uint[count];
        for (var i = 0; i < count; i++)
        {
            hashes[i] = reader.ReadUInt32();
        }

        var idf = new float[count];
        for (var i = 0; i < count; i++)
        {
            idf[i] = reader.ReadSingle();
        }

        var blocks = reader.ReadBytes(count);
        var weights = new float[(count + 1) * labels.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = reader.ReadSingle();
        }

        return new RoutingModel(new Featurizer(options, hashes, idf, blocks), labels, weights, temperature);
    }
}
