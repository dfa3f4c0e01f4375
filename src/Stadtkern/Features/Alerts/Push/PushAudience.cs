using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Features.App;

namespace Stadtkern.Features.Alerts.Push;

/// <summary>
/// Which subscribers an alert reaches (pure). A subscriber without districts gets every alert of the city. One with districts gets
/// an alert that covers the whole city (no area, an area named like the city, or a geocode that is the city's or its district's
/// regional key) or that names one of their districts (in an area description, or a geocode equal to the district's ARS).
/// </summary>
internal static class PushAudience
{
    public static Func<IReadOnlyList<string>, bool> For(CapAlert alert, string cityName, string cityArs, string cityAgs, IReadOnlyList<AppDistrict> districts)
    {
        var areas = alert.Infos.SelectMany(i => i.Areas).ToList();
        if (CoversCity(areas, cityName, cityArs, cityAgs))
        {
            return _ => true;
        }

        var reached = districts
            .Where(d => areas.Any(a => a.AreaDesc.Contains(d.Name, StringComparison.OrdinalIgnoreCase)
                || (d.Ars is not null && a.Geocodes.Any(g => string.Equals(g.Value, d.Ars, StringComparison.Ordinal)))))
            .Select(d => d.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return chosen => chosen.Count == 0 || chosen.Any(reached.Contains);
    }

    internal static bool CoversCity(IReadOnlyList<CapArea> areas, string cityName, string cityArs, string cityAgs) =>
        areas.Count == 0 || areas.Any(a =>
            string.Equals(a.AreaDesc.Trim(), cityName, StringComparison.OrdinalIgnoreCase)
            || a.Geocodes.Any(g => CoversKey(g.Value, cityArs) || (cityAgs.Length > 0 && string.Equals(g.Value, cityAgs, StringComparison.Ordinal))));

    /// <summary>A regional key covers the city when it is the city's key or a shorter one it lies in: the trailing zeros of a
    /// Kreis- or Land-level ARS (e.g. <c>083350000000</c>) stand for "all of it".</summary>
    internal static bool CoversKey(string geocode, string cityArs)
    {
        if (cityArs.Length != 12 || geocode.Length != 12 || !geocode.All(char.IsAsciiDigit))
        {
            return false;
        }

        var prefix = geocode.TrimEnd('0');
        return prefix.Length >= 2 && cityArs.StartsWith(prefix, StringComparison.Ordinal);
    }
}
