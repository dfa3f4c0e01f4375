using System.Globalization;

namespace Stadtkern.Features.Alerts.Model;

/// <summary>German words for CAP values and alert states, used by the pages and previews.</summary>
internal static class AlertTexts
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public static string SeverityLabel(string severity) => severity switch
    {
        "Extreme" => "Extreme Gefahr",
        "Severe" => "Warnung",
        "Moderate" => "Hinweis",
        "Minor" => "Information",
        _ => "Warnung",
    };

    public static string Severity(string severity) => severity switch
    {
        "Extreme" => "extrem",
        "Severe" => "schwer",
        "Moderate" => "mittel",
        "Minor" => "gering",
        _ => "unbekannt",
    };

    public static string Urgency(string urgency) => urgency switch
    {
        "Immediate" => "sofort",
        "Expected" => "bald (innerhalb einer Stunde)",
        "Future" => "in naher Zukunft",
        "Past" => "vorüber",
        _ => "unbekannt",
    };

    public static string Certainty(string certainty) => certainty switch
    {
        "Observed" => "beobachtet",
        "Likely" => "wahrscheinlich",
        "Possible" => "möglich",
        "Unlikely" => "unwahrscheinlich",
        _ => "unbekannt",
    };

    public static string Category(string category) => category switch
    {
        "Geo" => "Geophysikalisch",
        "Met" => "Wetter",
        "Safety" => "Allgemeine Sicherheit",
        "Security" => "Polizei / Sicherheit",
        "Rescue" => "Rettung",
        "Fire" => "Feuer",
        "Health" => "Gesundheit",
        "Env" => "Umwelt",
        "Transport" => "Verkehr",
        "Infra" => "Infrastruktur",
        "CBRNE" => "Gefahrstoffe (CBRNE)",
        _ => "Sonstiges",
    };

    public static string ResponseType(string responseType) => responseType switch
    {
        "Shelter" => "Schutz suchen",
        "Evacuate" => "Gebiet verlassen",
        "Prepare" => "Vorbereiten",
        "Execute" => "Anweisungen ausführen",
        "Avoid" => "Meiden",
        "Monitor" => "Lage verfolgen",
        "Assess" => "Lage einschätzen",
        "AllClear" => "Entwarnung",
        _ => "Keine",
    };

    public static string State(string state) => state switch
    {
        AlertStates.Pending => "wartet auf Freigabe",
        AlertStates.Active => "veröffentlicht",
        AlertStates.Cancelled => "aufgehoben",
        AlertStates.Rejected => "abgelehnt",
        "expired" => "abgelaufen",
        _ => state,
    };

    public static string MsgType(string msgType) => msgType switch
    {
        "Alert" => "Erstmeldung",
        "Update" => "Aktualisierung",
        "Cancel" => "Entwarnung",
        _ => msgType,
    };

    public static string DeliveryState(string state) => state switch
    {
        "pending" => "ausstehend",
        "delivered" => "zugestellt",
        "failed" => "fehlgeschlagen",
        _ => state,
    };

    public static string Source(string source, string? provider) => source switch
    {
        AlertSources.Nina => provider is null ? "Bundeswarnsystem (NINA)" : $"Bundeswarnsystem ({provider.ToUpperInvariant()})",
        AlertSources.Api => "Leitstelle / Schnittstelle",
        _ => "Stadtverwaltung",
    };

    /// <summary>A time as Germans read it, in the city's zone.</summary>
    public static string Time(DateTimeOffset? time)
    {
        if (time is null)
        {
            return "–";
        }

        var zone = TryZone();
        var local = zone is null ? time.Value : TimeZoneInfo.ConvertTime(time.Value, zone);
        return local.ToString("dd.MM.yyyy, HH:mm 'Uhr'", German);
    }

    private static TimeZoneInfo? TryZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
    }
}
