using Stadtkern.Platform.Tenancy;
using Stadtkern.Platform.Web;

namespace Stadtkern.Features.App;

/// <summary>A tile on the app's start page: one module the city enabled, linking to its page.</summary>
/// <param name="Key">Stable key stored in <see cref="AppSettings.Tiles"/>.</param>
/// <param name="Title">German title.</param>
/// <param name="Description">German one-line description.</param>
/// <param name="Path">Relative to the tenant's root (no leading slash).</param>
internal sealed record AppTile(string Key, string Title, string Description, string Path);

internal static class AppTiles
{
    /// <summary>Keys of every tile the app can show, in display order: the modules plus news and events from the catalog.</summary>
    public static readonly IReadOnlyList<string> Keys =
        ["alerts", "reports", "sensing", "trees", "news", "catalog", "dashboards", "participation"];

    /// <summary>Titles for the settings page (German).</summary>
    public static string Title(string key) => key switch
    {
        "news" => "Neuigkeiten und Termine",
        _ => ModuleList.TryParse(key, out var module) ? ModuleTexts.For(module).Title : key,
    };

    /// <summary>The tiles the tenant's enabled modules allow, in <see cref="Keys"/> order.</summary>
    public static IReadOnlyList<AppTile> For(TenantInfo tenant)
    {
        var tiles = new List<AppTile>();
        foreach (var key in Keys)
        {
            if (key == "news")
            {
                // News and events are datasets of the open data catalog (for example a council calendar), found by search.
                if (tenant.Has(Module.Catalog))
                {
                    tiles.Add(new AppTile(key, Title(key), "Veranstaltungen, Termine und Neuigkeiten aus dem Datenkatalog der Stadt.", "daten?q=Veranstaltungen"));
                }

                continue;
            }

            if (ModuleList.TryParse(key, out var module) && tenant.Has(module))
            {
                var (title, description) = ModuleTexts.For(module);
                tiles.Add(new AppTile(key, title, description, ModuleTexts.Path(module)));
            }
        }

        return tiles;
    }
}
