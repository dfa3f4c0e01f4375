namespace Stadtkern.Features.Catalog.Vocabularies;

internal static class Vocabulary
{
    /// <summary>Finds an entry by its code (case-insensitive) or by its IRI <c>{scheme}/{code}</c> (http or https).</summary>
    public static T? FindByCode<T>(IEnumerable<T> entries, string? codeOrUri, string scheme, Func<T, string> code) where T : class
    {
        if (string.IsNullOrWhiteSpace(codeOrUri))
        {
            return null;
        }
        var key = codeOrUri.Trim();
        var httpScheme = scheme + "/";
        var httpsScheme = "https://" + httpScheme["http://".Length..];
        if (key.StartsWith(httpScheme, StringComparison.OrdinalIgnoreCase))
        {
            key = key[httpScheme.Length..];
        }
        else if (key.StartsWith(httpsScheme, StringComparison.OrdinalIgnoreCase))
        {
            key = key[httpsScheme.Length..];
        }
        return entries.FirstOrDefault(e => string.Equals(code(e), key, StringComparison.OrdinalIgnoreCase));
    }
}
