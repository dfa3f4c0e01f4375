using System.Text;

namespace Stadtkern.Features.Reports.Import;

/// <summary>URL-safe keys from German names: "Technische Betriebe Konstanz" → "technische-betriebe-konstanz".</summary>
internal static class Slugs
{
    public static string From(string text, int maxLength = 63)
    {
        var slug = new StringBuilder(text.Length);
        foreach (var ch in text.ToLowerInvariant())
        {
            var part = ch switch
            {
                'ä' => "ae",
                'ö' => "oe",
                'ü' => "ue",
                'ß' => "ss",
                >= 'a' and <= 'z' or >= '0' and <= '9' => ch.ToString(),
                _ => "-",
            };
            if (part == "-" && (slug.Length == 0 || slug[^1] == '-'))
            {
                continue;
            }

            slug.Append(part);
        }

        var result = slug.ToString().Trim('-');
        if (result.Length > maxLength)
        {
            result = result[..maxLength].TrimEnd('-');
        }

        return result.Length == 0 ? "x" : result;
    }
}
