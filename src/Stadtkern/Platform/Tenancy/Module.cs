using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Stadtkern.Platform.Tenancy;

/// <summary>The capabilities a tenant can switch on.</summary>
internal enum Module
{
    Catalog,
    Sensing,
    Reports,
    Alerts,
    Trees,
    Dashboards,
    Participation,
}

/// <summary>Wire and storage keys of <see cref="Module"/> (lower case, stable).</summary>
internal static class ModuleList
{
    public static readonly IReadOnlyList<Module> All = Enum.GetValues<Module>();

    public static string Key(this Module module) => module switch
    {
        Module.Catalog => "catalog",
        Module.Sensing => "sensing",
        Module.Reports => "reports",
        Module.Alerts => "alerts",
        Module.Trees => "trees",
        Module.Dashboards => "dashboards",
        Module.Participation => "participation",
    };

    public static bool TryParse(string key, out Module module)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Key(), key, StringComparison.OrdinalIgnoreCase))
            {
                module = candidate;
                return true;
            }
        }

        module = default;
        return false;
    }

    public static string Join(IEnumerable<Module> modules) => string.Join(',', modules.Distinct().Order().Select(Key));

    public static List<Module> Split(string stored) =>
        [.. stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => TryParse(k, out var m) ? m : (Module?)null)
            .OfType<Module>()];

    public static readonly ValueConverter<List<Module>, string> Converter = new(v => Join(v), v => Split(v));

    public static readonly ValueComparer<List<Module>> Comparer = new(
        (a, b) => a != null && b != null && a.SequenceEqual(b),
        v => v.Aggregate(0, (hash, m) => HashCode.Combine(hash, m)),
        v => v.ToList());
}
