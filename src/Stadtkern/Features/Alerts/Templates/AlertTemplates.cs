namespace Stadtkern.Features.Alerts.Templates;

/// <summary>A starting point for the compose form: CAP classification and German texts staff adapt before sending.</summary>
internal sealed record AlertTemplate(
    string Key,
    string Name,
    string Event,
    string Category,
    string ResponseType,
    string Severity,
    string Urgency,
    string Certainty,
    string Headline,
    string Description,
    string Instruction,
    int DurationHours);

/// <summary>The built-in German templates (used while a tenant has not saved its own).</summary>
internal static class AlertTemplates
{
    public static readonly IReadOnlyList<AlertTemplate> Defaults =
    [
        new("flood", "Hochwasser", "Hochwasser", "Met", "Prepare", "Severe", "Expected", "Likely",
            "Hochwasserwarnung für tief gelegene Gebiete",
            "Die Pegel steigen stark an. In den nächsten Stunden können Keller, Straßen und Uferbereiche im genannten Gebiet überflutet werden.",
            "Räumen Sie Keller und Tiefgaragen. Bringen Sie Fahrzeuge aus gefährdeten Bereichen. Meiden Sie Ufer und überflutete Straßen. Schalten Sie in gefluteten Räumen den Strom ab.",
            24),
        new("fire", "Großbrand", "Großbrand mit starker Rauchentwicklung", "Fire", "Shelter", "Severe", "Immediate", "Observed",
            "Großbrand: Fenster und Türen geschlossen halten",
            "Bei einem Großbrand entsteht starker Rauch. Der Wind trägt ihn in das genannte Gebiet.",
            "Halten Sie Fenster und Türen geschlossen. Schalten Sie Lüftungs- und Klimaanlagen aus. Meiden Sie das Gebiet und folgen Sie den Anweisungen von Feuerwehr und Polizei.",
            6),
        new("power", "Stromausfall", "Stromausfall", "Infra", "Monitor", "Moderate", "Immediate", "Observed",
            "Stromausfall im Stadtgebiet",
            "Im genannten Gebiet ist die Stromversorgung ausgefallen. Die Netzbetreiber arbeiten an der Behebung.",
            "Schalten Sie empfindliche Geräte aus. Nutzen Sie Kerzen nur unter Aufsicht. Im Notfall erreichen Sie die Feuerwehr über die 112, falls das Telefon ausfällt an der nächsten Feuerwache.",
            8),
        new("water", "Trinkwasserverunreinigung", "Verunreinigung des Trinkwassers", "Health", "Avoid", "Severe", "Immediate", "Likely",
            "Trinkwasser nur abgekocht verwenden",
            "Im Trinkwasser des genannten Gebiets wurden Keime nachgewiesen. Das Gesundheitsamt ordnet vorsorglich an, das Wasser abzukochen.",
            "Kochen Sie Leitungswasser vor dem Trinken, Zähneputzen und Zubereiten von Speisen sprudelnd auf und lassen Sie es mindestens zehn Minuten abkühlen. Zum Duschen und Waschen kann es weiter verwendet werden.",
            72),
        new("heat", "Hitze", "Extreme Hitze", "Health", "Prepare", "Moderate", "Expected", "Likely",
            "Hitzewarnung: Schützen Sie sich und andere",
            "Es werden Temperaturen über 35 °C erwartet. Die Hitze belastet besonders ältere Menschen, Kinder und Kranke.",
            "Trinken Sie ausreichend. Meiden Sie körperliche Anstrengung in der Mittagszeit. Halten Sie Räume tagsüber abgedunkelt. Achten Sie auf Nachbarn, die allein leben.",
            48),
        new("storm", "Unwetter", "Schweres Unwetter", "Met", "Shelter", "Severe", "Expected", "Likely",
            "Unwetterwarnung: Sturm und Starkregen",
            "Es werden orkanartige Böen, Starkregen und Hagel erwartet. Bäume können umstürzen, Dachziegel und Äste herabfallen.",
            "Bleiben Sie in Gebäuden. Halten Sie Abstand zu Bäumen, Gerüsten und Freileitungen. Sichern Sie lose Gegenstände im Freien. Fahren Sie nicht mit dem Auto, wenn es nicht nötig ist.",
            12),
    ];
}
