using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>
/// One record read from a source, mapped to the catalog's input: the publisher is still a name and title (the run
/// ensures the organisation), the dataset name is the source's suggestion. <see cref="Error"/> is set when the
/// record could not be mapped at all.
/// </summary>
internal sealed record HarvestedRecord(
    string Identifier,
    DateTimeOffset? Modified,
    DatasetInput? Input,
    string? PublisherName,
    string? PublisherTitle,
    string? Error = null)
{
    public static HarvestedRecord Broken(string identifier, string error) => new(identifier, null, null, null, null, error);
}

/// <summary>Small helpers the source mappings share.</summary>
internal static partial class HarvestText
{
    /// <summary>A URL name (<c>[a-z0-9_-]{2,100}</c>) from any text: umlauts spelled out, everything else a dash.</summary>
    public static string Slugify(string? text, string fallback = "unbenannt")
    {
        var lower = (text ?? "").Trim().ToLowerInvariant()
            .Replace("ä", "ae", StringComparison.Ordinal).Replace("ö", "oe", StringComparison.Ordinal)
            .Replace("ü", "ue", StringComparison.Ordinal).Replace("ß", "ss", StringComparison.Ordinal);
        var decomposed = lower.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-')
            {
                builder.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append('-');
            }
        }

        var slug = Dashes().Replace(builder.ToString(), "-").Trim('-');
        if (slug.Length > 100)
        {
            slug = slug[..100].TrimEnd('-');
        }

        return slug.Length >= 2 ? slug : fallback;
    }

    /// <summary>A name made unique for <paramref name="identifier"/>: the slug shortened, plus a hash of the identifier.</summary>
    public static string WithSuffix(string name, string identifier)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identifier)))[..8];
        return (name.Length > 91 ? name[..91].TrimEnd('-') : name) + "-" + hash;
    }

    /// <summary>A tag cleaned to what the catalog accepts (letters, digits, spaces, <c>- _ .</c>, 2–100 characters), or null.</summary>
    public static string? CleanTag(string? tag)
    {
        if (tag is null)
        {
            return null;
        }

        var cleaned = Spaces().Replace(NotTagChar().Replace(tag, " "), " ").Trim();
        if (cleaned.Length > 100)
        {
            cleaned = cleaned[..100].Trim();
        }

        return cleaned.Length >= 2 ? cleaned : null;
    }

    /// <summary>The last path segment of a vocabulary IRI in upper case (<c>.../data-theme/TRAN</c> → <c>TRAN</c>) when it looks like a code.</summary>
    public static string? VocabularyCode(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var code = value.TrimEnd('/');
        code = code[(code.LastIndexOfAny(['/', '#']) + 1)..].ToUpperInvariant();
        return Code().IsMatch(code) ? code : null;
    }

    /// <summary>A DCAT-AP.de licence id from its IRI (<c>http://dcat-ap.de/def/licenses/dl-by-de/2.0</c> → <c>dl-by-de/2.0</c>).</summary>
    public static string? LicenseId(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        const string Marker = "/def/licenses/";
        var at = value.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
        var id = at >= 0 ? value[(at + Marker.Length)..].TrimEnd('/') : value.Trim();
        return id.Length is > 0 and <= 100 ? id : null;
    }

    public static DateTimeOffset? ParseInstant(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // CKAN writes UTC without an offset ("2024-05-01T10:20:30.123456"); assume UTC when none is given.
        return DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? Truncate(parsed)
            : null;
    }

    public static DateOnly? ParseDate(string? value) =>
        ParseInstant(value) is { } instant ? DateOnly.FromDateTime(instant.UtcDateTime) : null;

    /// <summary>Cut to whole milliseconds, as the databases store it, so equal dates compare equal after a round trip.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>SHA-256 over the mapped input (with the publisher), to notice records that changed without a new date.</summary>
    public static string Fingerprint(HarvestedRecord record) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { record.Input, record.PublisherName, record.PublisherTitle })));

    [GeneratedRegex("-{2,}")]
    private static partial Regex Dashes();

    [GeneratedRegex(@"[^\p{L}\p{N} _.\-]")]
    private static partial Regex NotTagChar();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex("^[A-Z][A-Z_]{1,29}$")]
    private static partial Regex Code();
}
