namespace Stadtkern.Features.Reports.Routing.Classifier;

/// <summary>How reports become features; the defaults were chosen by 5-fold cross-validation on the Konstanz reports.</summary>
internal sealed record FeatureOptions
{
    /// <summary>Text features seen in fewer training reports are dropped (noise, and a smaller model).</summary>
    public int MinDocumentFrequency { get; init; } = 2;

    public int CharGramMin { get; init; } = 3;

    public int CharGramMax { get; init; } = 5;

    /// <summary>Length of the L2-normalised word block (stemmed unigrams and bigrams, TF-IDF).</summary>
    public float WordWeight { get; init; } = 1f;

    /// <summary>Length of the L2-normalised character n-gram block (TF-IDF).</summary>
    public float CharWeight { get; init; } = 1.5f;

    /// <summary>Value of each one-hot feature (category, main group, district, location cells).</summary>
    public float CategoricalWeight { get; init; } = 1f;

    /// <summary>Coarse location cell size in degrees latitude (longitude cells are 1.5 times as wide, about square at 47.7° N).</summary>
    public double CoarseCell { get; init; } = 0.02;

    public double FineCell { get; init; } = 0.005;
}
