namespace Stadtkern.Bench;

/// <summary>
/// A generated German vocabulary for catalog metadata: compound nouns from stems and heads (a few thousand words),
/// district names from syllables, and sentences from templates. Words are drawn with a Zipf-like distribution, so a
/// few are very common (like "Verkehr" in a real catalog) and most are rare. Deterministic for a given seed.
/// </summary>
internal sealed class GermanText
{
    private static readonly string[] Stems =
    [
        "Verkehr", "Rad", "Fuß", "Bus", "Bahn", "Park", "Straßen", "Wege", "Brücken", "Ampel", "Lärm", "Luft", "Wasser", "Abwasser",
        "Grund", "Boden", "Baum", "Grün", "Wald", "Friedhof", "Spiel", "Sport", "Schul", "Kita", "Hochschul", "Bibliotheks", "Museums",
        "Kultur", "Theater", "Markt", "Gewerbe", "Handels", "Tourismus", "Hotel", "Gaststätten", "Bau", "Wohn", "Miet", "Haushalts",
        "Steuer", "Gebühren", "Wahl", "Bevölkerungs", "Geburten", "Sterbe", "Wanderungs", "Alters", "Sozial", "Jugend", "Senioren",
        "Gesundheits", "Kranken", "Pflege", "Apotheken", "Notfall", "Feuerwehr", "Rettungs", "Polizei", "Ordnungs", "Abfall", "Wertstoff",
        "Energie", "Strom", "Wärme", "Solar", "Wind", "Klima", "Wetter", "Niederschlags", "Hochwasser", "Pegel", "Hafen", "Fähr",
        "Lade", "Carsharing", "Taxi", "Schiffs", "Flug", "Glasfaser", "Funk", "Netz", "Haltestellen", "Fahrplan", "Kataster", "Flur",
        "Gebäude", "Denkmal", "Stadtteil", "Bezirks", "Einwohner", "Arbeits", "Beschäftigungs", "Ausbildungs", "Vereins", "Ehrenamts",
    ];

    private static readonly string[] Heads =
    [
        "zählung", "messung", "plan", "kataster", "netz", "stellen", "daten", "statistik", "bericht", "karte", "verzeichnis", "bestand",
        "standorte", "anlagen", "flächen", "dichte", "aufkommen", "prognose", "erhebung", "register", "index", "verbrauch", "belastung",
        "qualität", "entwicklung", "angebot", "nachfrage", "kosten", "einnahmen", "ausgaben", "förderung", "konzept", "monitoring",
        "sensoren", "zonen", "gebiete", "routen", "wege", "punkte", "übersicht",
    ];

    private static readonly string[] Adjectives =
    [
        "aktuelle", "jährliche", "monatliche", "tägliche", "stündliche", "städtische", "öffentliche", "regionale", "amtliche",
        "historische", "geplante", "barrierefreie", "kommunale", "digitale", "vorläufige", "bereinigte", "georeferenzierte",
    ];

    private static readonly string[] Verbs = ["enthält", "beschreibt", "zeigt", "umfasst", "dokumentiert", "listet", "erfasst", "bündelt"];

    private static readonly string[] Syllables = ["Nord", "Süd", "Ost", "West", "Alt", "Neu", "Ober", "Unter", "Berg", "Tal", "See", "Wald", "Mühl", "Kirch", "Linden", "Eichen"];

    private static readonly string[] Endings = ["stadt", "dorf", "heim", "hausen", "feld", "bach", "berg", "au", "hof", "weiler", "ried", "ingen"];

    private readonly Random random;

    public GermanText(int seed)
    {
        random = new Random(seed);
        Nouns = [.. Stems.SelectMany(s => Heads.Select(h => s + h))];
        // A fixed shuffle: the rank in the Zipf draw must not follow the alphabet of the stems.
        new Random(seed ^ 0x5EED).Shuffle(Nouns);
        Districts = [.. Syllables.SelectMany(s => Endings.Select(e => s + e)).Distinct(StringComparer.Ordinal)];
        new Random(seed ^ 0xD15).Shuffle(Districts);
    }

    /// <summary>The compound nouns, most frequent first.</summary>
    public string[] Nouns { get; }

    public string[] Districts { get; }

    public Random Random => random;

    /// <summary>A Zipf-like rank in [0, n): rank r has weight about 1/(r+1).</summary>
    public int ZipfRank(int n) => Math.Min(n - 1, (int)Math.Floor(Math.Exp(random.NextDouble() * Math.Log(n + 1)) - 1));

    public string Noun() => Nouns[ZipfRank(Nouns.Length)];

    public string District() => Districts[ZipfRank(Districts.Length)];

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public string Title(int year) => random.Next(4) switch
    {
        0 => $"{Noun()} {District()} {year}",
        1 => $"{Capital(Pick(Adjectives))} {Noun()}",
        2 => $"{Noun()} und {Noun()}",
        _ => $"{Noun()} im Stadtteil {District()}",
    };

    public string Notes()
    {
        var sentences = new List<string>();
        var count = 2 + random.Next(4);
        for (var i = 0; i < count; i++)
        {
            sentences.Add(random.Next(3) switch
            {
                0 => $"Der Datensatz {Pick(Verbs)} {Pick(Adjectives)} Angaben zur {Noun()} in {District()}.",
                1 => $"Grundlage ist die {Pick(Adjectives)} {Noun()} des Amtes für {Noun()}.",
                _ => $"Die {Noun()} wird {Pick(["laufend", "einmal im Jahr", "quartalsweise", "bei Bedarf"])} aus der {Noun()} fortgeschrieben.",
            });
        }

        return string.Join(' ', sentences);
    }

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
