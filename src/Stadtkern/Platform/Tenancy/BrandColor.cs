using System.Globalization;
using System.Text.RegularExpressions;

namespace Stadtkern.Platform.Tenancy;

/// <summary>
/// Brand colours are used as backgrounds behind white text (header, buttons), so a colour is accepted
/// only if that text stays readable: WCAG 2.1 contrast ratio of at least 4.5:1 (success criterion 1.4.3).
/// </summary>
internal static partial class BrandColor
{
    public const string Default = "#005a8c";

    public const double MinimumContrast = 4.5;

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexPattern();

    public static bool IsHex(string? value) => value is not null && HexPattern().IsMatch(value);

    /// <summary>Contrast ratio of white text on <paramref name="hex"/>, from 1 to 21.</summary>
    public static double ContrastWithWhite(string hex)
    {
        var luminance = RelativeLuminance(hex);
        return (1.0 + 0.05) / (luminance + 0.05);
    }

    public static double RelativeLuminance(string hex)
    {
        static double Channel(string hex, int offset)
        {
            var value = int.Parse(hex.AsSpan(offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return value <= 0.04045 ? value / 12.92 : Math.Pow((value + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(hex, 1)) + (0.7152 * Channel(hex, 3)) + (0.0722 * Channel(hex, 5));
    }
}
