using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Platform.Web;

/// <summary>How the web shell names and describes each module (German keys, localised in the views).</summary>
internal static class ModuleTexts
{
    public static (string Title, string Description) For(Module module) => module switch
    {
        Module.Catalog => ("Offene Daten", "Datensätze der Verwaltung, Wissenschaft und Wirtschaft finden, ansehen und herunterladen."),
        Module.Sensing => ("Sensoren", "Messwerte aus der Stadt in Echtzeit: Wetter, Luft, Boden, Verkehr."),
        Module.Reports => ("Mängelmelder", "Schlaglöcher, defekte Laternen oder wilden Müll melden und verfolgen."),
        Module.Alerts => ("Warnungen", "Aktuelle Warnungen und Hinweise für die Bevölkerung."),
        Module.Trees => ("Baumampel", "Wie durstig sind die Stadtbäume? Bodenfeuchte auf einen Blick."),
        Module.Dashboards => ("Klimadashboard", "Kennzahlen zu Klima, Energie und Stadtentwicklung."),
        Module.Participation => ("Beteiligung", "Vorschläge machen, mitdiskutieren, abstimmen."),
    };

    /// <summary>Where a module's entry page is, relative to the tenant's root (<c>~/</c>): built modules have their own
    /// pages, the others a "being built" placeholder under <c>angebote/</c>.</summary>
    public static string Path(Module module) => module switch
    {
        Module.Catalog => "daten",
        Module.Sensing => "sensoren",
        Module.Alerts => "alerts",
        _ => "angebote/" + module.Key(),
    };
}
