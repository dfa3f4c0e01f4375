using Stadtkern.Features.Alerts.Cap;

namespace Stadtkern.Features.Alerts.Nina;

/// <summary>
/// The region the importer asks for: the federal API publishes warnings per district (Kreis), so a tenant's 12-digit ARS is
/// cut to its first five digits (Land, Regierungsbezirk, Kreis) and filled with seven zeros. A warning from a source's map
/// list belongs to the region when one of its area codes lies in the district (see <see cref="Covers(string)"/>).
/// </summary>
internal sealed record NinaRegion(string Ars, string KreisArs)
{
    /// <summary>Land (2) + Regierungsbezirk (1) + Kreis (2).</summary>
    public string Kreis => KreisArs[..5];

    public static bool TryCreate(string? ars, out NinaRegion region, out string error)
    {
        region = new NinaRegion("", "");
        var value = ars?.Trim() ?? "";
        if (value.Length != 12 || !value.All(char.IsAsciiDigit))
        {
            error = $"The tenant's ARS '{value}' is not a 12-digit Amtlicher Regionalschlüssel; NINA warnings cannot be imported.";
            return false;
        }

        if (value[..2] is "00" || int.Parse(value[..2], System.Globalization.CultureInfo.InvariantCulture) > 16 || value[3..5] == "00")
        {
            error = $"The tenant's ARS '{value}' names no district (Land 01–16 and a Kreis are required); NINA warnings cannot be imported.";
            return false;
        }

        region = new NinaRegion(value, value[..5] + "0000000");
        error = "";
        return true;
    }

    /// <summary>
    /// True when an area code of a warning lies in this district: a 12-digit ARS or 8-digit AGS of the district or one of its
    /// municipalities, a 5-digit Kreis key, a Land-wide or federal ARS (trailing zeros), or a DWD warn cell id
    /// (9 digits: a type digit, then the Kreis key).
    /// </summary>
    public bool Covers(string code)
    {
        var digits = code.Trim();
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        return digits.Length switch
        {
            12 => digits.StartsWith(Kreis, StringComparison.Ordinal)
                || digits == "000000000000"
                || (digits[..2] == Kreis[..2] && digits[2..].All(c => c == '0'))
                || (digits[..3] == Kreis[..3] && digits[3..].All(c => c == '0')),
            9 => digits[1..6] == Kreis,
            8 => digits.StartsWith(Kreis, StringComparison.Ordinal),
            5 => digits == Kreis,
            _ => false,
        };
    }

    /// <summary>True when any code in any area, or in the <c>warnVerwaltungsbereiche</c> parameter, lies in the district.</summary>
    public bool Covers(CapAlert warning) =>
        MapNinaWarning.AreaCodes(warning).Any(Covers);
}
