using System.Globalization;
using System.Runtime.InteropServices;

namespace Stadtkern.Features.Reports.Routing.Classifier;

/// <summary>
/// Turns a report into a sparse feature vector: TF-IDF (sublinear tf) of stemmed word unigrams and bigrams and of
/// character 3–5-grams, each block L2-normalised, plus one-hot features of the category, its main group, the district,
/// a coarse and a fine location cell, and category × coarse cell (departments that handle a category only in their
/// part of town, such as the Ortsverwaltungen). Features are named by a stable hash; the vocabulary keeps the ones
/// seen in training.
/// </summary>
internal sealed class Featurizer
{
    private const byte WordBlock = 0;
    private const byte CharBlock = 1;
    private const byte CategoricalBlock = 2;

    private readonly Dictionary<uint, int> index;

    public Featurizer(FeatureOptions options, uint[] hashes, float[] idf, byte[] blocks)
    {
        Options = options;
        Hashes = hashes;
        Idf = idf;
        Blocks = blocks;
        index = new Dictionary<uint, int>(hashes.Length);
        for (var i = 0; i < hashes.Length; i++)
        {
            index[hashes[i]] = i;
        }
    }

    public FeatureOptions Options { get; }

    public uint[] Hashes { get; }

    public float[] Idf { get; }

    public byte[] Blocks { get; }

    public int Count => Hashes.Length;

    /// <summary>Learns the vocabulary and the inverse document frequencies from the training reports.</summary>
    public static Featurizer Fit(IReadOnlyList<RoutingExample> examples, FeatureOptions options)
    {
        var documentFrequency = new Dictionary<uint, (int Count, byte Block)>();
        foreach (var example in examples)
        {
            foreach (var (hash, block) in Raw(example, options).Keys)
            {
                ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(documentFrequency, hash, out _);
                entry = (entry.Count + 1, block);
            }
        }

        var kept = documentFrequency
            .Where(e => e.Value.Block == CategoricalBlock || e.Value.Count >= options.MinDocumentFrequency)
            .OrderByDescending(e => e.Value.Count) // frequent features first: their weight rows share cache lines while training
            .ThenBy(e => e.Key)
            .ToList();
        var n = examples.Count;
        return new Featurizer(
            options,
            [.. kept.Select(e => e.Key)],
            [.. kept.Select(e => e.Value.Block == CategoricalBlock ? 1f : (float)(Math.Log((1.0 + n) / (1.0 + e.Value.Count)) + 1.0))],
            [.. kept.Select(e => e.Value.Block)]);
    }

    public SparseVector Transform(RoutingExample example)
    {
        var raw = Raw(example, Options);
        var indexes = new List<int>(raw.Count);
        var values = new List<float>(raw.Count);
        Span<double> norms = stackalloc double[3];
        foreach (var ((hash, _), count) in raw)
        {
            if (!index.TryGetValue(hash, out var i))
            {
                continue;
            }

            var block = Blocks[i];
            var value = block == CategoricalBlock ? Options.CategoricalWeight : (float)((1.0 + Math.Log(count)) * Idf[i]);
            indexes.Add(i);
            values.Add(value);
            norms[block] += (double)value * value;
        }

        for (var k = 0; k < indexes.Count; k++)
        {
            var block = Blocks[indexes[k]];
            if (block == CategoricalBlock)
            {
                continue;
            }

            var weight = block == WordBlock ? Options.WordWeight : Options.CharWeight;
            values[k] = (float)(values[k] * weight / Math.Sqrt(norms[block]));
        }

        return new SparseVector([.. indexes], [.. values]);
    }

    /// <summary>The hashed features of one report with their counts (one-hot features count once).</summary>
    internal static Dictionary<(uint Hash, byte Block), int> Raw(RoutingExample example, FeatureOptions options)
    {
        var features = new Dictionary<(uint, byte), int>();
        void Add(char kind, ReadOnlySpan<char> value, byte block)
        {
            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(features, (FeatureHash.Of(kind, value), block), out _);
            count = block == CategoricalBlock ? 1 : count + 1;
        }

        var words = RoutingText.Words(example.Text);
        string? previous = null;
        foreach (var word in words)
        {
            var stem = RoutingText.Stem(word);
            Add('w', stem, WordBlock);
            if (previous is not null)
            {
                Add('b', previous + " " + stem, WordBlock);
            }

            previous = stem;
            var marked = "<" + word + ">";
            for (var n = options.CharGramMin; n <= options.CharGramMax; n++)
            {
                for (var start = 0; start + n <= marked.Length; start++)
                {
                    Add('c', marked.AsSpan(start, n), CharBlock);
                }
            }
        }

        var category = NormaliseCategory(example.Category);
        var coarse = Cell(example, options.CoarseCell);
        if (category is null)
        {
            Add('e', "", CategoricalBlock);
        }
        else
        {
            Add('k', category, CategoricalBlock);
            var separator = category.IndexOf('>', StringComparison.Ordinal);
            Add('g', separator < 0 ? category : category[..separator].Trim(), CategoricalBlock);
            if (coarse is not null)
            {
                Add('x', category + "|" + coarse, CategoricalBlock);
            }
        }

        var district = Normalise(example.District);
        Add('d', district is null or "keine angabe" ? "" : district, CategoricalBlock);
        if (coarse is null)
        {
            Add('n', "", CategoricalBlock);
        }
        else
        {
            Add('q', coarse, CategoricalBlock);
            Add('f', Cell(example, options.FineCell)!, CategoricalBlock);
        }

        return features;
    }

    /// <summary>"Gruppe &gt; Name" in one spelling, however the parts were spaced or cased.</summary>
    private static string? NormaliseCategory(string? value) =>
        Normalise(value) is { } category
            ? string.Join(" > ", category.Split('>', StringSplitOptions.TrimEntries).Select(p => string.Join(' ', p.Split(' ', StringSplitOptions.RemoveEmptyEntries))))
            : null;

    private static string? Normalise(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();

    private static string? Cell(RoutingExample example, double size)
    {
        if (example.Lat is not { } lat || example.Lon is not { } lon || !double.IsFinite(lat) || !double.IsFinite(lon)
            || lat is < -90 or > 90 || lon is < -180 or > 180 || (lat == 0 && lon == 0))
        {
            return null;
        }

        var row = (long)Math.Floor(lat / size);
        var column = (long)Math.Floor(lon / (size * 1.5));
        return string.Create(CultureInfo.InvariantCulture, $"{row}:{column}");
    }
}
