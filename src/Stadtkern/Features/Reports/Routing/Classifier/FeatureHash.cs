namespace Stadtkern.Features.Reports.Routing.Classifier;

/// <summary>
/// A stable 32-bit hash (FNV-1a over UTF-16 code units) naming a feature. Unlike <see cref="string.GetHashCode()"/> it is
/// the same in every process, so a stored model finds its features again.
/// </summary>
internal static class FeatureHash
{
    private const uint Offset = 2166136261;
    private const uint Prime = 16777619;

    public static uint Of(char kind, ReadOnlySpan<char> value)
    {
        var hash = (Offset ^ kind) * Prime;
        foreach (var c in value)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }

        return hash;
    }
}
