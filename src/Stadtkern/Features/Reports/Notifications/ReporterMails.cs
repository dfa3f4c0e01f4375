using System.Globalization;
using System.Text;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Features.Reports.Workflow;

namespace Stadtkern.Features.Reports.Notifications;

/// <summary>The German texts of the e-mails a reporter receives. Pure: a report and what happened in, subject and body out.</summary>
internal static class ReporterMails
{
    /// <summary>Path of the citizen's tracking page for a report token (relative to the tenant's base address).</summary>
    public static string TrackingPath(string token) => "/meldungen/verfolgen/" + Uri.EscapeDataString(token);

    public static OutgoingMail StatusChanged(Report report, string cityName, string newStatus, string? note, string trackingUrl) => new(
        report.Email!,
        Subject(report, cityName, $"Status „{ReportStatuses.Label(newStatus)}“"),
        Body(report, cityName, $"der Status Ihrer Meldung hat sich geändert. Neuer Status: {ReportStatuses.Label(newStatus)}.", note, trackingUrl));

    public static OutgoingMail NoteAdded(Report report, string cityName, string note, string trackingUrl) => new(
        report.Email!,
        Subject(report, cityName, "neue Nachricht"),
        Body(report, cityName, "zu Ihrer Meldung gibt es eine neue Nachricht der Verwaltung.", note, trackingUrl));

    public static OutgoingMail Merged(Report report, string cityName, long masterId, string note, string trackingUrl) => new(
        report.Email!,
        Subject(report, cityName, "zusammengeführt"),
        Body(report, cityName, string.Create(CultureInfo.InvariantCulture, $"Ihre Meldung betrifft dasselbe Anliegen wie Meldung Nr. {masterId} und wurde mit ihr zusammengeführt. Die Bearbeitung läuft dort weiter."), note, trackingUrl));

    private static string Subject(Report report, string cityName, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"{cityName}: Ihre Meldung Nr. {report.Id} – {what}");

    private static string Body(Report report, string cityName, string lead, string? note, string trackingUrl)
    {
        var text = new StringBuilder();
        text.Append("Guten Tag,\n\n").Append(lead).Append('\n');
        if (!string.IsNullOrWhiteSpace(note))
        {
            text.Append("\nNachricht der Verwaltung:\n").Append(note.Trim()).Append('\n');
        }

        var description = report.Description.Length > 300 ? report.Description[..300] + " …" : report.Description;
        if (description.Length > 0)
        {
            text.Append("\nIhre Meldung: ").Append(description).Append('\n');
        }

        text.Append("\nDen aktuellen Stand sehen Sie jederzeit hier:\n").Append(trackingUrl).Append('\n');
        text.Append("\nMit freundlichen Grüßen\n").Append(cityName).Append('\n');
        text.Append("\nDiese Nachricht wurde automatisch versandt, weil Sie bei Ihrer Meldung Ihre E-Mail-Adresse angegeben haben.\n");
        return text.ToString();
    }
}
