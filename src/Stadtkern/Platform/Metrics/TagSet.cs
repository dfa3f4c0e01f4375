namespace Stadtkern.Platform.Metrics;

/// <summary>
/// The identity of one series. Equality ignores tag order so that call sites passing the same tags in a
/// different order land in the same series without sorting on the hot path.
/// </summary>
internal sealed class TagSet
{
    public static readonly TagSet Empty = new([]);

    private readonly KeyValuePair<string, object?>[] tags;

    public TagSet(KeyValuePair<string, object?>[] tags)
    {
        this.tags = tags;
        Hash = ComputeHash(tags);
    }

    public ReadOnlySpan<KeyValuePair<string, object?>> Tags => tags;

    public int Hash { get; }

    public static int ComputeHash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // Addition is commutative, which is what makes the hash order-independent.
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            hash = unchecked(hash + HashCode.Combine(StringComparer.Ordinal.GetHashCode(tag.Key), tag.Value));
        }

        return hash;
    }

    public static bool SameTags(ReadOnlySpan<KeyValuePair<string, object?>> left, ReadOnlySpan<KeyValuePair<string, object?>> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        // Tag lists are short (a handful of entries), so a quadratic scan beats sorting or hashing them.
        foreach (var tag in left)
        {
            if (!Contains(right, tag))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Contains(ReadOnlySpan<KeyValuePair<string, object?>> tags, KeyValuePair<string, object?> wanted)
    {
        foreach (var tag in tags)
        {
            if (string.Equals(tag.Key, wanted.Key, StringComparison.Ordinal) && Equals(tag.Value, wanted.Value))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Lets a series be looked up straight from the measurement's tag span, allocating only for new series.</summary>
internal sealed class TagSetComparer
    : IEqualityComparer<TagSet>, IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, TagSet>
{
    public static readonly TagSetComparer Instance = new();

    public bool Equals(TagSet? x, TagSet? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && TagSet.SameTags(x.Tags, y.Tags));

    public int GetHashCode(TagSet obj) => obj.Hash;

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, TagSet other) => TagSet.SameTags(alternate, other.Tags);

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => TagSet.ComputeHash(alternate);

    public TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) =>
        alternate.IsEmpty ? TagSet.Empty : new TagSet(alternate.ToArray());
}
