using System.Globalization;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Features.Reports.Workflow;

namespace Stadtkern.Pages.Verwaltung.Meldungen;

/// <summary>German labels of the staff pages.</summary>
internal static class StaffTexts
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static string Status(string status) => ReportStatuses.Label(status);

    public static string Percent(double confidence) => (confidence * 100).ToString("0", German) + " %";

    /// <summary>"automatisch (87 %)", "Triage", "manuell", "nach Kategorie", "Import".</summary>
    public static string Routing(string? mode, double? confidence) => mode switch
    {
        RoutingModes.Automatic => confidence is { } c ? $"automatisch ({Percent(c)})" : "automatisch",
        RoutingModes.Triage => "Triage",
        RoutingModes.Manual => "manuell",
        RoutingModes.Service => "nach Kategorie",
        RoutingModes.Import => "Import",
        null => "–",
        _ => mode,
    };

    public static string Time(DateTimeOffset value) => TimeZoneInfo.ConvertTime(value, Berlin).ToString("dd.MM.yyyy HH:mm", German);

    public static string Day(DateTimeOffset value) => TimeZoneInfo.ConvertTime(value, Berlin).ToString("dd.MM.yyyy", German);

    public static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>Value for an <c>input type="date"</c> (local day).</summary>
    public static string DateInput(DateTimeOffset? value) => value is { } v ? TimeZoneInfo.ConvertTime(v, Berlin).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";

    /// <summary>A local day from a date input as the end of that working day (16:00 Berlin time), in UTC.</summary>
    public static DateTimeOffset? FromDateInput(string? value)
    {
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return null;
        }

        var local = day.ToDateTime(new TimeOnly(16, 0));
        return new DateTimeOffset(local, Berlin.GetUtcOffset(local)).ToUniversalTime();
    }

    public static string Event(ReportHistoryEntry e) => e.Kind switch
    {
        ReportEventKinds.Created => "Eingegangen",
        ReportEventKinds.Routed => $"Zugeordnet an {e.To} ({e.Text})",
        ReportEventKinds.Assigned => $"Zugewiesen an {e.To}",
        ReportEventKinds.Reassigned => $"Weitergeleitet von {e.From} an {e.To}",
        ReportEventKinds.Status => $"Status: {Status(e.From ?? "")} → {Status(e.To ?? "")}",
        ReportEventKinds.Note => "Öffentliche Nachricht",
        ReportEventKinds.Comment => "Interner Kommentar",
        ReportEventKinds.Expected => e.To is null ? "Voraussichtliches Datum entfernt" : $"Voraussichtlich erledigt bis {(DateTimeOffset.TryParse(e.To, CultureInfo.InvariantCulture, out var d) ? Day(d) : e.To)}",
        ReportEventKinds.Merged => $"Zusammengeführt (Nr. {e.To})",
        ReportEventKinds.MediaReleased => "Foto freigegeben",
        ReportEventKinds.Notified => e.To switch { "sent" => "E-Mail versandt", "retry" => "E-Mail fehlgeschlagen, neuer Versuch folgt", _ => "E-Mail nicht zustellbar" },
        _ => e.Kind,
    };
}
