using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Features.Catalog.Demo;

/// <summary>
/// The content of Musterstadt's demo catalog, written for Stadtkern. Musterstadt is fictional but lies where
/// Konstanz lies (its keys are Konstanz's), so coverage polygons are around 9.10–9.22 E, 47.65–47.73 N.
/// Resource addresses point to the fictional <c>daten.musterstadt.example</c>.
/// </summary>
internal static class DemoDatasets
{
    public const string Base = "https://daten.musterstadt.example/";

    public sealed record DemoOrganization(string Name, string Title, string Description, string Email, string? DepartmentKey);

    public static readonly IReadOnlyList<DemoOrganization> Organizations =
    [
        new("tiefbauamt", "Tiefbauamt", "Plant, baut und unterhält Straßen, Brücken, Radwege und die Stadtentwässerung.", "tiefbau@musterstadt.example", "tiefbau"),
        new("gruenflaechen-umwelt", "Amt für Grünflächen und Umwelt", "Zuständig für Parks, Stadtbäume, Spielplätze, Gewässer, Klimaschutz und Umweltmessungen.", "gruen@musterstadt.example", "gruen"),
        new("buergeramt-ordnungsdienst", "Bürgeramt und Ordnungsdienst", "Meldewesen, Gewerbe, Märkte, Standesamt und kommunaler Ordnungsdienst.", "ordnung@musterstadt.example", "ordnung"),
        new("entsorgungsbetriebe", "Entsorgungsbetriebe", "Abfallentsorgung, Wertstoffhöfe und Straßenreinigung der Stadt.", "entsorgung@musterstadt.example", "entsorgung"),
        new("stadtwerke", "Stadtwerke", "Energie, Trinkwasser, Bäder, Parkhäuser, Stadtbus und öffentliches WLAN.", "stadtwerke@musterstadt.example", "stadtwerke"),
        new("digitalisierung-it", "Amt für Digitalisierung und IT", "Betreibt die städtische IT, das Geoinformationssystem und die urbane Datenplattform.", "it@musterstadt.example", "it"),
        new("statistikstelle", "Statistikstelle", "Kommunalstatistik, Wahlen und die offenen Haushaltsdaten der Stadt.", "statistik@musterstadt.example", null),
    ];

    public static readonly IReadOnlyList<(string Name, string Title, string Description)> Groups =
    [
        ("klima", "Klima und Umwelt", "Daten zu Klimaschutz, Klimaanpassung, Luft, Wasser und Stadtgrün."),
        ("mobilitaet", "Mobilität", "Radverkehr, Parken, Busse, Ladesäulen und Baustellen."),
        ("haushalt", "Haushalt und Finanzen", "Haushaltspläne, Jahresabschlüsse und Finanzkennzahlen der Stadt."),
    ];

    private const string Attribution = "Stadt Musterstadt";

    private static class Area
    {
        public const string City = """{"type":"Polygon","coordinates":[[[9.10,47.65],[9.22,47.65],[9.22,47.73],[9.10,47.73],[9.10,47.65]]]}""";
        public const string OldTown = """{"type":"Polygon","coordinates":[[[9.168,47.655],[9.182,47.655],[9.182,47.665],[9.168,47.665],[9.168,47.655]]]}""";
        public const string Lakeshore = """{"type":"Polygon","coordinates":[[[9.175,47.655],[9.215,47.655],[9.215,47.685],[9.19,47.69],[9.175,47.67],[9.175,47.655]]]}""";
        public const string North = """{"type":"Polygon","coordinates":[[[9.13,47.68],[9.21,47.68],[9.21,47.73],[9.13,47.73],[9.13,47.68]]]}""";
        public const string Centre = """{"type":"Polygon","coordinates":[[[9.15,47.655],[9.20,47.655],[9.20,47.685],[9.15,47.685],[9.15,47.655]]]}""";
        public const string Industrial = """{"type":"Polygon","coordinates":[[[9.13,47.675],[9.155,47.675],[9.155,47.69],[9.13,47.69],[9.13,47.675]]]}""";
    }

    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.Ordinal)
    {
        ["CSV"] = "text/csv",
        ["JSON"] = "application/json",
        ["GEOJSON"] = "application/geo+json",
        ["XLSX"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ["PDF"] = "application/pdf",
        ["ZIP"] = "application/zip",
        ["XML"] = "application/xml",
    };

    private static ResourceInput R(string name, string path, string format, long? size, string? description = null) => new()
    {
        Name = name,
        Url = Base + path,
        Format = format,
        MediaType = MediaTypes.GetValueOrDefault(format),
        Size = size,
        Description = description,
    };

    private static DatasetInput D(
        string name, string title, string organization, string notes, string[] tags, string[] themes, string license, string frequency,
        string area, DateOnly? start, DateOnly? end, string issued, string modified, params ResourceInput[] resources)
    {
        var publisher = Organizations.Single(o => o.Name == organization);
        return new DatasetInput
        {
            Name = name,
            Title = title,
            Organization = organization,
            Notes = notes,
            Tags = tags,
            Themes = themes,
            LicenseId = license,
            LicenseAttribution = Store.MeasureQuality.RequiresAttribution(license) ? Attribution : null,
            ContactName = publisher.Title,
            ContactEmail = publisher.Email,
            LandingPage = "https://musterstadt.example/daten/" + name,
            SpatialGeoJson = area,
            TemporalStart = start,
            TemporalEnd = end,
            Frequency = frequency,
            Issued = DateTimeOffset.Parse(issued + "T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Modified = DateTimeOffset.Parse(modified + "T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Resources = resources,
        };
    }

    private static DateOnly Day(int year, int month, int day) => new(year, month, day);

    private static DatasetInput In(this DatasetInput dataset, params string[] groups) => dataset with { Groups = groups };

    private static DatasetInput As(this DatasetInput dataset, AccessLevel access) => dataset with { Access = access };

    /// <summary>All demo datasets: public ones, three internal ones and exactly one restricted one.</summary>
    public static IEnumerable<DatasetInput> All()
    {
        // ---- Tiefbauamt ----
        yield return D("radzaehlstellen", "Radzählstellen – Zählwerte", "tiefbauamt",
            """
            Automatische Zählstellen erfassen den Radverkehr an den wichtigsten Achsen der Stadt, unter anderem an der **Rheinbrücke**, am Seerhein-Radweg und an der Fahrradstraße in Petershausen.

            Die Dateien enthalten Tageswerte je Zählstelle und Richtung:

            - `zaehlstelle`: Kennung der Zählstelle
            - `datum`: Tag der Zählung
            - `richtung`: stadteinwärts oder stadtauswärts
            - `anzahl`: gezählte Fahrräder

            Die Standorte stehen als GeoJSON bereit. Ausfälle einzelner Zählgeräte sind als leere Werte gekennzeichnet.
            """,
            ["Radverkehr", "Verkehrszählung", "Fahrrad", "Mobilität"], ["TRAN"], "dl-by-de/2.0", "DAILY", Area.Centre, Day(2021, 1, 1), null, "2021-03-15", "2025-06-02",
            R("Tageswerte 2021–2025 (CSV)", "tiefbau/radzaehlstellen/tageswerte.csv", "CSV", 2_480_000, "Ein Datensatz je Zählstelle, Tag und Richtung."),
            R("Standorte der Zählstellen (GeoJSON)", "tiefbau/radzaehlstellen/standorte.geojson", "GEOJSON", 6_400)).In("mobilitaet", "klima");

        yield return D("baustellen", "Baustellen und Verkehrsbeeinträchtigungen", "tiefbauamt",
            """
            Aktuelle und geplante Baustellen im öffentlichen Straßenraum mit Zeitraum, Art der Beeinträchtigung (Vollsperrung, halbseitige Sperrung, Umleitung) und Umleitungsempfehlung.

            Die Daten werden werktäglich aus dem Baustellenmanagement des Tiefbauamts erzeugt. Für Navigationsdienste gibt es zusätzlich einen JSON-Feed.
            """,
            ["Baustelle", "Straßensperrung", "Verkehr"], ["TRAN"], "dl-zero-de/2.0", "DAILY", Area.City, null, null, "2022-05-02", "2025-06-10",
            R("Baustellen (GeoJSON)", "tiefbau/baustellen/aktuell.geojson", "GEOJSON", 185_000),
            R("Baustellen-Feed (JSON)", "tiefbau/baustellen/feed.json", "JSON", 92_000, "Für Navigations- und Verkehrsinformationsdienste.")).In("mobilitaet");

        yield return D("strassennetz", "Straßennetz mit Straßenklassen", "tiefbauamt",
            """
            Das Straßennetz der Stadt als Liniengeometrien mit Straßenname, Straßenschlüssel, Widmung (Gemeinde-, Kreis-, Landes- oder Bundesstraße) und Baulastträger.

            Grundlage für Routenplanung, Winterdienst und Verkehrsplanung.
            """,
            ["Straßen", "Straßennetz", "Geodaten"], ["TRAN", "REGI"], "dl-by-de/2.0", "ANNUAL", Area.City, null, null, "2020-09-01", "2025-01-20",
            R("Straßennetz (GeoJSON)", "tiefbau/strassennetz/strassennetz.geojson", "GEOJSON", 14_300_000),
            R("Straßennetz (WFS)", "geoserver/strassen/wfs?SERVICE=WFS&REQUEST=GetCapabilities", "WFS_SRVC", null));

        yield return D("verkehrszaehlungen-kfz", "Kfz-Verkehrszählungen an Knotenpunkten", "tiefbauamt",
            """
            Ergebnisse der manuellen und automatischen Verkehrszählungen an Knotenpunkten: Fahrzeuge je Stunde nach Fahrzeugart (Pkw, Lkw, Bus, Krad, Rad) und Abbiegebeziehung.

            Gezählt wird jeweils an einem Dienstag oder Donnerstag außerhalb der Ferien.
            """,
            ["Verkehrszählung", "Kfz-Verkehr", "Knotenpunkt"], ["TRAN"], "dl-by-de/2.0", "ANNUAL", Area.Centre, Day(2018, 1, 1), Day(2024, 12, 31), "2019-04-10", "2025-02-14",
            R("Zählergebnisse 2018–2024 (CSV)", "tiefbau/kfz/zaehlungen.csv", "CSV", 1_150_000),
            R("Zählergebnisse 2018–2024 (Excel)", "tiefbau/kfz/zaehlungen.xlsx", "XLSX", 640_000)).In("mobilitaet");

        yield return D("kanalkataster-zustandsbewertung", "Kanalkataster – Zustandsbewertung", "tiefbauamt",
            """
            Zustandsklassen der öffentlichen Abwasserkanäle aus der optischen Kanalinspektion (Klassen 0 bis 5 nach DWA-M 149-3), mit Haltungen, Schächten, Baujahr, Material und Sanierungspriorität.

            **Zugang auf Antrag:** Die Daten beschreiben kritische Infrastruktur. Ingenieurbüros, Forschungseinrichtungen und Nachbarkommunen erhalten sie für einen benannten Zweck nach Freigabe durch das Tiefbauamt. Stellen Sie dazu einen Antrag über diese Seite.
            """,
            ["Kanalnetz", "Abwasser", "Infrastruktur", "Zustandsbewertung"], ["ENVI", "GOVE"], "other-closed", "ANNUAL", Area.City, Day(2015, 1, 1), Day(2024, 12, 31), "2023-11-02", "2025-03-28",
            R("Haltungen und Schächte mit Zustandsklasse (Shapefile, ZIP)", "tiefbau/kanal/zustand.zip", "ZIP", 58_000_000),
            R("Methodik der Zustandsbewertung (PDF)", "tiefbau/kanal/methodik.pdf", "PDF", 1_200_000)).As(AccessLevel.Restricted);

        yield return D("winterdienst-einsatzprotokolle", "Winterdienst – Einsatzprotokolle", "tiefbauamt",
            """
            Einsatzprotokolle des Winterdienstes: Fahrzeuge, Touren, Streumittelverbrauch und Einsatzzeiten je Einsatztag.

            Nur für die Verwaltung; Grundlage für Abrechnung und Tourenoptimierung.
            """,
            ["Winterdienst", "Streudienst"], ["TRAN", "GOVE"], "other-closed", "DAILY", Area.City, Day(2022, 11, 1), null, "2022-12-01", "2025-03-15",
            R("Einsatzprotokolle (CSV)", "intern/winterdienst/protokolle.csv", "CSV", 3_900_000)).As(AccessLevel.Internal);

        // ---- Amt für Grünflächen und Umwelt ----
        yield return D("baumkataster", "Baumkataster", "gruenflaechen-umwelt",
            """
            Alle rund 22.000 Bäume in städtischer Pflege mit Standort, Baumart (deutsch und botanisch), Pflanzjahr, Stammumfang, Kronendurchmesser und Höhe.

            Die Daten stammen aus der regelmäßigen Baumkontrolle nach FLL-Baumkontrollrichtlinie. Bäume in privaten Gärten sind nicht enthalten. Mit den Daten arbeitet auch die [Baumampel](https://musterstadt.example/baumampel), die die Bodenfeuchte an ausgewählten Standorten zeigt.
            """,
            ["Bäume", "Stadtgrün", "Baumkataster", "Klimaanpassung"], ["ENVI"], "dl-by-de/2.0", "MONTHLY", Area.City, null, null, "2020-06-01", "2025-05-30",
            R("Baumkataster (GeoJSON)", "gruen/baumkataster/baeume.geojson", "GEOJSON", 9_800_000),
            R("Baumkataster (CSV)", "gruen/baumkataster/baeume.csv", "CSV", 3_100_000, "Koordinaten in WGS 84 als Spalten lon und lat.")).In("klima");

        yield return D("spielplaetze", "Spielplätze", "gruenflaechen-umwelt",
            """
            Öffentliche Spielplätze mit Lage, Altersgruppe, Spielgeräten, Barrierefreiheit und Schattenangebot.

            Gut geeignet für Familien-Apps und Stadtteilkarten.
            """,
            ["Spielplatz", "Familie", "Freizeit"], ["SOCI", "EDUC"], "dl-zero-de/2.0", "ANNUAL", Area.City, null, null, "2021-04-20", "2025-04-03",
            R("Spielplätze (GeoJSON)", "gruen/spielplaetze/spielplaetze.geojson", "GEOJSON", 74_000),
            R("Spielplätze (CSV)", "gruen/spielplaetze/spielplaetze.csv", "CSV", 21_000));

        yield return D("luftqualitaet", "Luftqualität – Messwerte", "gruenflaechen-umwelt",
            """
            Stundenmittelwerte der städtischen Luftmessstationen am Bahnhofplatz und in der Laube: **Stickstoffdioxid (NO₂)**, **Feinstaub (PM10, PM2,5)** und Ozon in µg/m³.

            Die Werte sind vorläufig und werden nach der Qualitätssicherung monatlich endgültig. Grenzwerte nach 39. BImSchV zum Vergleich:

            1. NO₂: 40 µg/m³ im Jahresmittel
            2. PM10: 40 µg/m³ im Jahresmittel, 50 µg/m³ im Tagesmittel an höchstens 35 Tagen
            """,
            ["Luftqualität", "Feinstaub", "Stickstoffdioxid", "Umweltmessung"], ["ENVI", "HEAL"], "dl-by-de/2.0", "HOURLY", Area.OldTown, Day(2019, 1, 1), null, "2019-02-01", "2025-06-11",
            R("Stundenwerte (CSV)", "umwelt/luft/stundenwerte.csv", "CSV", 12_600_000),
            R("Aktuelle Werte (JSON)", "umwelt/luft/aktuell.json", "JSON", 4_100)).In("klima");

        yield return D("gewaesserpegel", "Pegelstände Bodensee und Seerhein", "gruenflaechen-umwelt",
            """
            Wasserstände an den Pegeln Hafen und Seerhein als 15-Minuten-Werte in Zentimetern über Pegelnull, dazu die Wassertemperatur.

            Bei Hochwasser (Meldestufe ab 480 cm am Pegel Hafen) informiert die Stadt zusätzlich über die Warnungen dieses Portals.
            """,
            ["Pegel", "Hochwasser", "Bodensee", "Wasserstand"], ["ENVI"], "dl-zero-de/2.0", "CONT", Area.Lakeshore, Day(2010, 1, 1), null, "2020-07-15", "2025-06-12",
            R("15-Minuten-Werte (CSV)", "umwelt/pegel/werte.csv", "CSV", 21_000_000),
            R("Aktuelle Pegelstände (JSON)", "umwelt/pegel/aktuell.json", "JSON", 2_300)).In("klima");

        yield return D("gruenflaechen", "Grün- und Parkanlagen", "gruenflaechen-umwelt",
            """
            Flächen der städtischen Grün- und Parkanlagen, Friedhöfe und Uferbereiche mit Nutzungsart und Pflegestufe.
            """,
            ["Park", "Grünfläche", "Stadtgrün"], ["ENVI", "REGI"], "dl-by-de/2.0", "ANNUAL", Area.City, null, null, "2021-02-10", "2024-11-18",
            R("Grünflächen (GeoJSON)", "gruen/flaechen/gruenflaechen.geojson", "GEOJSON", 5_600_000),
            R("Grünflächen (WMS)", "geoserver/gruen/wms?SERVICE=WMS&REQUEST=GetCapabilities", "WMS_SRVC", null));

        yield return D("laermkartierung", "Lärmkartierung 2022", "gruenflaechen-umwelt",
            """
            Ergebnisse der Lärmkartierung nach EU-Umgebungslärmrichtlinie: Lärmindizes L_DEN und L_Night für Straßenverkehr in 5-dB-Klassen sowie die Zahl der belasteten Menschen.
            """,
            ["Lärm", "Umgebungslärm", "Lärmaktionsplan"], ["ENVI", "HEAL"], "dl-by-de/2.0", "NEVER", Area.City, Day(2022, 1, 1), Day(2022, 12, 31), "2023-06-30", "2023-06-30",
            R("Lärmkarten (WMS)", "geoserver/laerm/wms?SERVICE=WMS&REQUEST=GetCapabilities", "WMS_SRVC", null),
            R("Bericht zur Lärmkartierung (PDF)", "umwelt/laerm/bericht-2022.pdf", "PDF", 7_400_000));

        yield return D("treibhausgasbilanz", "Treibhausgasbilanz", "gruenflaechen-umwelt",
            """
            Die Energie- und Treibhausgasbilanz der Stadt nach BISKO-Standard: Endenergieverbrauch und CO₂-Äquivalente nach Sektoren (private Haushalte, Gewerbe, Industrie, Verkehr, kommunale Einrichtungen) und Energieträgern.

            Die Bilanz ist Grundlage des Klimaschutzziels *klimaneutral bis 2035* und des Klimadashboards.
            """,
            ["Klimaschutz", "CO2", "Treibhausgase", "Energie"], ["ENVI", "ENER"], "cc-by/4.0", "ANNUAL", Area.City, Day(2010, 1, 1), Day(2023, 12, 31), "2021-10-05", "2025-04-22",
            R("Bilanz 2010–2023 (CSV)", "klima/thg/bilanz.csv", "CSV", 48_000),
            R("Bilanz 2010–2023 (Excel)", "klima/thg/bilanz.xlsx", "XLSX", 91_000)).In("klima");

        yield return D("stadtklimaanalyse", "Stadtklimaanalyse – Hitzeinseln", "gruenflaechen-umwelt",
            """
            Modellierte Lufttemperaturen in Sommernächten, Kaltluftabflüsse und Hitzeinseln im Stadtgebiet. Die Karte zeigt, wo Entsiegelung und Begrünung am meisten bewirken.
            """,
            ["Stadtklima", "Hitze", "Klimaanpassung"], ["ENVI", "HEAL"], "dl-by-de/2.0", "IRREG", Area.City, null, null, "2024-03-12", "2024-03-12",
            R("Klimaanalysekarte (WMS)", "geoserver/stadtklima/wms?SERVICE=WMS&REQUEST=GetCapabilities", "WMS_SRVC", null),
            R("Gutachten Stadtklimaanalyse (PDF)", "klima/stadtklima/gutachten.pdf", "PDF", 18_500_000)).In("klima");

        // ---- Bürgeramt und Ordnungsdienst ----
        yield return D("maengelmelder-meldungen", "Mängelmelder-Meldungen 2020–2022", "buergeramt-ordnungsdienst",
            """
            Meldungen, die Bürgerinnen und Bürger über den Mängelmelder abgegeben haben: verstopfte Gullys, wilder Müll, defekte Straßenbeleuchtung, Schlaglöcher und vieles mehr. Die Meldungen stammen aus dem Mängelmelder der Stadt Konstanz, deren Gebiet Musterstadt nachbildet.

            Spalten der CSV-Datei (UTF-8, Komma als Trennzeichen):

            - `id`: Nummer der Meldung
            - `text`: Beschreibung in den Worten der meldenden Person
            - `category`: Kategorie, z. B. *Müll/Sauberkeit > verschmutzte Straßen und Plätze*
            - `department`: zuständige Stelle
            - `lon`, `lat`: Ort in WGS 84
            - `reported_at`: Zeitpunkt der Meldung
            - `district`: Stadtteil, wenn bekannt

            Die Meldungen sind zugleich die Trainingsdaten der automatischen Zuordnung neuer Meldungen zum zuständigen Amt. Die Tabelle ist im Datastore abfragbar.
            """,
            ["Mängelmelder", "Bürgerbeteiligung", "Meldungen", "Stadtbild"], ["GOVE", "REGI"], "dl-by-de/2.0", "IRREG", Area.City, Day(2020, 1, 1), Day(2022, 10, 31), "2022-11-15", "2025-01-08",
            R("Meldungen (CSV)", "ordnung/maengelmelder/meldungen.csv", "CSV", 759_212, "Alle Meldungen vom 1. Januar 2020 bis 31. Oktober 2022, eine Zeile je Meldung."));

        yield return D("wochenmaerkte", "Wochenmärkte", "buergeramt-ordnungsdienst",
            """
            Standorte, Markttage und Öffnungszeiten der Wochen- und Bauernmärkte.
            """,
            ["Markt", "Wochenmarkt", "Einkaufen"], ["ECON", "AGRI"], "dl-zero-de/2.0", "ANNUAL", Area.Centre, null, null, "2021-01-12", "2025-01-07",
            R("Wochenmärkte (CSV)", "ordnung/maerkte/wochenmaerkte.csv", "CSV", 3_200),
            R("Wochenmärkte (GeoJSON)", "ordnung/maerkte/wochenmaerkte.geojson", "GEOJSON", 4_900));

        yield return D("gewerbemeldungen", "Gewerbean- und -abmeldungen", "buergeramt-ordnungsdienst",
            """
            Monatliche Zahl der Gewerbeanmeldungen, -ummeldungen und -abmeldungen nach Wirtschaftsabschnitt (WZ 2008). Personenbezogene Angaben sind nicht enthalten.
            """,
            ["Gewerbe", "Wirtschaft", "Existenzgründung"], ["ECON"], "dl-by-de/2.0", "MONTHLY", Area.City, Day(2016, 1, 1), null, "2017-03-01", "2025-06-03",
            R("Gewerbemeldungen je Monat (CSV)", "ordnung/gewerbe/meldungen-monatlich.csv", "CSV", 210_000));

        yield return D("vornamen-neugeborene", "Vornamen der Neugeborenen", "buergeramt-ordnungsdienst",
            """
            Die Vornamen aller im Standesamt beurkundeten Geburten eines Jahres mit Anzahl und Geschlecht. Namen, die weniger als dreimal vergeben wurden, sind zusammengefasst.
            """,
            ["Vornamen", "Geburten", "Standesamt"], ["SOCI"], "cc-by/4.0", "ANNUAL", Area.City, Day(2014, 1, 1), Day(2024, 12, 31), "2015-02-02", "2025-01-31",
            R("Vornamen 2014–2024 (CSV)", "standesamt/vornamen.csv", "CSV", 186_000));

        yield return D("verwarnungen-ruhender-verkehr", "Verwarnungen im ruhenden Verkehr – Fallzahlen", "buergeramt-ordnungsdienst",
            """
            Fallzahlen der Verwarnungen und Bußgeldverfahren im ruhenden Verkehr je Straßenabschnitt und Monat. Interne Steuerungsdaten des Ordnungsdienstes.
            """,
            ["Parken", "Ordnungsdienst", "Verwarnung"], ["JUST", "TRAN"], "other-closed", "MONTHLY", Area.Centre, Day(2021, 1, 1), null, "2021-06-01", "2025-06-01",
            R("Fallzahlen (CSV)", "intern/ordnung/verwarnungen.csv", "CSV", 820_000)).As(AccessLevel.Internal);

        // ---- Entsorgungsbetriebe ----
        yield return D("abfuhrkalender", "Abfuhrkalender", "entsorgungsbetriebe",
            """
            Abfuhrtermine für Restmüll, Bioabfall, Papier und Gelbe Tonne je Straße und Hausnummernbereich für das laufende Jahr.

            Eignet sich für Erinnerungs-Apps; Terminverschiebungen an Feiertagen sind bereits eingerechnet.
            """,
            ["Abfall", "Müllabfuhr", "Termine"], ["ENVI"], "dl-zero-de/2.0", "ANNUAL", Area.City, Day(2025, 1, 1), Day(2025, 12, 31), "2019-12-10", "2024-12-09",
            R("Abfuhrtermine 2025 (CSV)", "entsorgung/abfuhr/2025.csv", "CSV", 3_400_000),
            R("Abfuhrtermine 2025 (JSON)", "entsorgung/abfuhr/2025.json", "JSON", 5_100_000));

        yield return D("wertstoffhoefe-container", "Wertstoffhöfe und Altglascontainer", "entsorgungsbetriebe",
            """
            Standorte der Wertstoffhöfe mit Öffnungszeiten und angenommenen Abfallarten sowie der Altglas- und Altkleidercontainer.
            """,
            ["Wertstoffhof", "Altglas", "Recycling"], ["ENVI"], "dl-by-de/2.0", "QUARTERLY", Area.City, null, null, "2020-03-03", "2025-04-01",
            R("Standorte (GeoJSON)", "entsorgung/standorte.geojson", "GEOJSON", 58_000),
            R("Standorte (CSV)", "entsorgung/standorte.csv", "CSV", 19_000));

        yield return D("abfallmengen", "Abfallmengen nach Fraktionen", "entsorgungsbetriebe",
            """
            Jährlich eingesammelte Mengen in Tonnen nach Fraktion (Restmüll, Bioabfall, Papier, Glas, Leichtverpackungen, Sperrmüll, Grüngut) und je Einwohnerin und Einwohner.
            """,
            ["Abfall", "Recycling", "Kreislaufwirtschaft"], ["ENVI", "ECON"], "dl-by-de/2.0", "ANNUAL", Area.City, Day(2012, 1, 1), Day(2024, 12, 31), "2018-05-14", "2025-03-20",
            R("Abfallmengen 2012–2024 (CSV)", "entsorgung/mengen.csv", "CSV", 12_000),
            R("Abfallbilanz 2024 (PDF)", "entsorgung/abfallbilanz-2024.pdf", "PDF", 2_600_000)).In("klima");

        yield return D("tourenplanung-strassenreinigung", "Tourenplanung Straßenreinigung", "entsorgungsbetriebe",
            """
            Reinigungstouren, Reinigungsklassen je Straßenabschnitt und Fahrzeugeinsatz der Kehrmaschinen. Nur für die Verwaltung.
            """,
            ["Straßenreinigung", "Tourenplanung"], ["GOVE"], "other-closed", "MONTHLY", Area.City, null, null, "2023-02-01", "2025-05-05",
            R("Touren (GeoJSON)", "intern/reinigung/touren.geojson", "GEOJSON", 2_200_000)).As(AccessLevel.Internal);

        // ---- Stadtwerke ----
        yield return D("parkhausbelegung", "Parkhausbelegung", "stadtwerke",
            """
            Freie Stellplätze in den Parkhäusern und Tiefgaragen der Stadtwerke, aktualisiert alle fünf Minuten, dazu die Stammdaten (Adresse, Kapazität, Einfahrtshöhe, Ladepunkte).

            Die Zeitreihe der Belegung seit 2022 eignet sich für Prognosen, etwa für Einkaufssamstage und Veranstaltungen.
            """,
            ["Parken", "Parkhaus", "Echtzeit"], ["TRAN"], "dl-by-de/2.0", "CONT", Area.OldTown, Day(2022, 1, 1), null, "2022-02-01", "2025-06-12",
            R("Aktuelle Belegung (JSON)", "stadtwerke/parken/aktuell.json", "JSON", 3_800),
            R("Belegung seit 2022 (CSV)", "stadtwerke/parken/historie.csv", "CSV", 44_000_000)) with
        {
            Groups = ["mobilitaet"],
            Extras = [KeyValuePair.Create("Aktualisierungsintervall", "5 Minuten"), KeyValuePair.Create("Anzahl Parkhäuser", "9")],
        };

        yield return D("ladesaeulen", "Ladesäulen für Elektrofahrzeuge", "stadtwerke",
            """
            Öffentlich zugängliche Ladepunkte der Stadtwerke mit Standort, Steckertyp (Typ 2, CCS), Ladeleistung in kW, Betreiber und Bezahlmöglichkeiten.
            """,
            ["Elektromobilität", "Ladesäule", "Laden"], ["TRAN", "ENER"], "dl-by-de/2.0", "MONTHLY", Area.City, null, null, "2021-07-01", "2025-05-26",
            R("Ladepunkte (GeoJSON)", "stadtwerke/laden/ladepunkte.geojson", "GEOJSON", 61_000),
            R("Ladepunkte (CSV)", "stadtwerke/laden/ladepunkte.csv", "CSV", 17_000)).In("mobilitaet", "klima");

        yield return D("wlan-hotspots", "WLAN-Hotspots", "stadtwerke",
            """
            Standorte des freien städtischen WLANs mit Name des Zugangspunkts und Versorgungsbereich. Das Netz ist ohne Anmeldung nutzbar.
            """,
            ["WLAN", "Hotspot", "Internet"], ["TECH", "REGI"], "dl-zero-de/2.0", "QUARTERLY", Area.OldTown, null, null, "2019-05-06", "2025-02-17",
            R("Hotspots (GeoJSON)", "stadtwerke/wlan/hotspots.geojson", "GEOJSON", 12_000),
            R("Hotspots (CSV)", "stadtwerke/wlan/hotspots.csv", "CSV", 4_100));

        yield return D("fahrplan-stadtbus", "Fahrplandaten Stadtbus (GTFS)", "stadtwerke",
            """
            Soll-Fahrplan aller Stadtbuslinien und der Fähre im GTFS-Format: Haltestellen, Linien, Fahrten und Abfahrtszeiten. Das Archiv wird bei jedem Fahrplanwechsel und bei größeren Umleitungen neu erzeugt.
            """,
            ["ÖPNV", "Bus", "Fahrplan", "GTFS"], ["TRAN"], "cc-by/4.0", "WEEKLY", Area.City, null, null, "2020-12-13", "2025-06-06",
            R("GTFS-Archiv (ZIP)", "stadtwerke/oepnv/gtfs.zip", "ZIP", 4_700_000)).In("mobilitaet");

        yield return D("trinkwasserqualitaet", "Trinkwasserqualität", "stadtwerke",
            """
            Analysewerte des Trinkwassers aus dem Seewasserwerk: Härte, pH-Wert, Nitrat, Calcium, Magnesium und mikrobiologische Parameter je Versorgungszone.
            """,
            ["Trinkwasser", "Wasserhärte", "Wasserqualität"], ["HEAL", "ENVI"], "dl-zero-de/2.0", "QUARTERLY", Area.City, Day(2018, 1, 1), null, "2018-04-30", "2025-04-15",
            R("Analysewerte (CSV)", "stadtwerke/wasser/analysen.csv", "CSV", 96_000),
            R("Trinkwasseranalyse aktuell (PDF)", "stadtwerke/wasser/analyse-aktuell.pdf", "PDF", 380_000));

        yield return D("baeder-besucherzahlen", "Besucherzahlen der Bäder", "stadtwerke",
            """
            Tägliche Besucherzahlen des Hallenbads und der Strandbäder; in den Sommermonaten mit Wassertemperatur und Wetter.
            """,
            ["Schwimmbad", "Freizeit", "Sport"], ["EDUC", "SOCI"], "dl-by-de/2.0", "DAILY", Area.Lakeshore, Day(2017, 1, 1), null, "2018-01-15", "2025-06-09",
            R("Besucherzahlen (CSV)", "stadtwerke/baeder/besucher.csv", "CSV", 310_000));

        // ---- Amt für Digitalisierung und IT ----
        yield return D("bebauungsplaene", "Bebauungspläne", "digitalisierung-it",
            """
            Rechtskräftige und im Verfahren befindliche Bebauungspläne mit Geltungsbereich, Planbezeichnung, Datum der Rechtskraft und Link zur Planurkunde.

            Der Kartendienst (WMS) zeigt die Planzeichnungen georeferenziert; die Geltungsbereiche stehen zusätzlich als WFS bereit.
            """,
            ["Bebauungsplan", "Bauleitplanung", "Stadtplanung", "Geodaten"], ["REGI", "GOVE"], "dl-by-de/2.0", "IRREG", Area.City, null, null, "2019-09-09", "2025-05-19",
            R("Bebauungspläne (WMS)", "geoserver/bplan/wms?SERVICE=WMS&REQUEST=GetCapabilities", "WMS_SRVC", null),
            R("Geltungsbereiche (WFS)", "geoserver/bplan/wfs?SERVICE=WFS&REQUEST=GetCapabilities", "WFS_SRVC", null),
            R("Geltungsbereiche (GeoJSON)", "geo/bplan/geltungsbereiche.geojson", "GEOJSON", 3_300_000));

        yield return D("luftbilder-2024", "Digitale Orthophotos 2024", "digitalisierung-it",
            """
            Entzerrte Luftbilder des Stadtgebiets mit 10 cm Bodenauflösung aus der Befliegung im Mai 2024.
            """,
            ["Luftbild", "Orthophoto", "Geodaten"], ["REGI"], "dl-by-de/2.0", "BIENNIAL", Area.City, Day(2024, 5, 1), Day(2024, 5, 31), "2024-09-16", "2024-09-16",
            R("Orthophotos (WMS)", "geoserver/dop/wms?SERVICE=WMS&REQUEST=GetCapabilities", "WMS_SRVC", null));

        yield return D("adressen-hauskoordinaten", "Adressen mit Hauskoordinaten", "digitalisierung-it",
            """
            Alle Gebäudeadressen der Stadt mit Straße, Hausnummer, Postleitzahl, Stadtteil und Koordinate. Grundlage für Geokodierung, etwa von Mängelmeldungen.
            """,
            ["Adressen", "Geokodierung", "Geodaten"], ["REGI"], "dl-zero-de/2.0", "MONTHLY", Area.City, null, null, "2020-01-20", "2025-06-01",
            R("Adressen (CSV)", "geo/adressen/adressen.csv", "CSV", 2_700_000),
            R("Adressen (GeoJSON)", "geo/adressen/adressen.geojson", "GEOJSON", 7_900_000));

        yield return D("digitale-verwaltungsleistungen", "Online-Verwaltungsleistungen", "digitalisierung-it",
            """
            Welche Leistungen nach dem Onlinezugangsgesetz die Stadt digital anbietet, mit Leistungsschlüssel, Reifegrad und Zahl der Online-Anträge je Monat.
            """,
            ["OZG", "Digitalisierung", "Verwaltung"], ["GOVE", "TECH"], "cc-by/4.0", "MONTHLY", Area.City, Day(2022, 1, 1), null, "2022-04-04", "2025-06-02",
            R("Leistungen und Antragszahlen (CSV)", "it/ozg/leistungen.csv", "CSV", 64_000));

        // ---- Statistikstelle ----
        yield return D("einwohner-stadtteile", "Einwohnerinnen und Einwohner nach Stadtteilen", "statistikstelle",
            """
            Bevölkerung mit Hauptwohnsitz zum 31. Dezember nach Stadtteil, Altersgruppe, Geschlecht und Staatsangehörigkeit (deutsch / nichtdeutsch), aus dem Melderegister.

            Abweichungen zu den Zahlen des Statistischen Landesamts entstehen durch unterschiedliche Stichtage und die Fortschreibung auf Basis des Zensus.
            """,
            ["Bevölkerung", "Einwohner", "Stadtteile", "Demografie"], ["SOCI", "REGI"], "dl-by-de/2.0", "ANNUAL", Area.City, Day(2010, 12, 31), Day(2024, 12, 31), "2016-03-01", "2025-02-20",
            R("Einwohner 2010–2024 (CSV)", "statistik/einwohner/stadtteile.csv", "CSV", 520_000),
            R("Einwohner 2010–2024 (Excel)", "statistik/einwohner/stadtteile.xlsx", "XLSX", 310_000));

        yield return D("wahlergebnisse-gemeinderatswahl-2024", "Wahlergebnisse Gemeinderatswahl 2024", "statistikstelle",
            """
            Endgültige Ergebnisse der Gemeinderatswahl vom 9. Juni 2024 je Wahlbezirk und Briefwahlbezirk: Wahlberechtigte, Wählerinnen und Wähler, gültige Stimmen je Wahlvorschlag und Stimmen je Bewerberin und Bewerber.

            Bei der Gemeinderatswahl hat jede Person so viele Stimmen, wie Sitze zu vergeben sind (Kumulieren und Panaschieren).
            """,
            ["Wahlen", "Gemeinderat", "Kommunalwahl"], ["GOVE"], "dl-zero-de/2.0", "NEVER", Area.City, Day(2024, 6, 9), Day(2024, 6, 9), "2024-06-14", "2024-06-21",
            R("Ergebnisse je Wahlbezirk (CSV)", "statistik/wahlen/gr2024-wahlbezirke.csv", "CSV", 410_000),
            R("Stimmen je Bewerbung (CSV)", "statistik/wahlen/gr2024-bewerbungen.csv", "CSV", 1_900_000),
            R("Wahlbericht (PDF)", "statistik/wahlen/gr2024-bericht.pdf", "PDF", 3_600_000));

        yield return D("haushaltsplan-2025", "Haushaltsplan 2025", "statistikstelle",
            """
            Der vom Gemeinderat beschlossene Haushaltsplan 2025 im doppischen Haushaltsrecht: Ergebnis- und Finanzhaushalt nach Teilhaushalten, Produktbereichen und Kontenarten, mit den Planansätzen der Vorjahre.

            Die CSV-Datei ist maschinenlesbar aufbereitet (ein Betrag je Zeile, Beträge in Euro mit Punkt als Dezimaltrennzeichen); der Plan als PDF ist die rechtlich maßgebliche Fassung.
            """,
            ["Haushalt", "Finanzen", "Doppik", "Haushaltsplan"], ["ECON", "GOVE"], "dl-by-de/2.0", "ANNUAL", Area.City, Day(2025, 1, 1), Day(2025, 12, 31), "2025-02-05", "2025-02-05",
            R("Haushaltsplan 2025 (CSV)", "haushalt/2025/haushaltsplan.csv", "CSV", 1_350_000),
            R("Haushaltsplan 2025 (Excel)", "haushalt/2025/haushaltsplan.xlsx", "XLSX", 880_000),
            R("Haushaltsplan 2025 (PDF)", "haushalt/2025/haushaltsplan.pdf", "PDF", 24_000_000)).In("haushalt");

        yield return D("jahresabschluss-2023", "Jahresabschluss 2023", "statistikstelle",
            """
            Ergebnisrechnung, Finanzrechnung und Vermögensrechnung (Bilanz) des Jahresabschlusses 2023 nach Teilhaushalten.
            """,
            ["Haushalt", "Jahresabschluss", "Bilanz"], ["ECON", "GOVE"], "dl-by-de/2.0", "ANNUAL", Area.City, Day(2023, 1, 1), Day(2023, 12, 31), "2024-10-22", "2024-10-22",
            R("Ergebnisrechnung 2023 (CSV)", "haushalt/2023/ergebnisrechnung.csv", "CSV", 420_000),
            R("Jahresabschluss 2023 (PDF)", "haushalt/2023/jahresabschluss.pdf", "PDF", 9_100_000)).In("haushalt");

        yield return D("wohngebaeude-wohnungen", "Wohngebäude und Wohnungen", "statistikstelle",
            """
            Bestand an Wohngebäuden und Wohnungen nach Stadtteil, Zahl der Räume und Baujahresklasse, fortgeschrieben mit den Baufertigstellungen.
            """,
            ["Wohnen", "Wohnungsbau", "Gebäude"], ["SOCI", "REGI"], "dl-by-de/2.0", "ANNUAL", Area.North, Day(2011, 5, 9), Day(2024, 12, 31), "2017-06-12", "2025-03-10",
            R("Wohnungsbestand (CSV)", "statistik/wohnen/bestand.csv", "CSV", 150_000));

        yield return D("gewerbeflaechen", "Gewerbeflächenmonitoring", "statistikstelle",
            """
            Verfügbare und belegte Gewerbe- und Industrieflächen in den Gewerbegebieten mit Größe, Planungsrecht und Erschließungszustand.
            """,
            ["Gewerbe", "Flächen", "Wirtschaftsförderung"], ["ECON", "REGI"], "cc-by/4.0", "ANNUAL", Area.Industrial, null, null, "2022-08-08", "2025-01-27",
            R("Gewerbeflächen (GeoJSON)", "statistik/gewerbe/flaechen.geojson", "GEOJSON", 410_000),
            R("Gewerbeflächen (CSV)", "statistik/gewerbe/flaechen.csv", "CSV", 38_000));
    }
}
