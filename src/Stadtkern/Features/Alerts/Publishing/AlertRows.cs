using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Features.Alerts.Model;

namespace Stadtkern.Features.Alerts.Publishing;

/// <summary>Copies what lists, banner and maps need from a CAP message into the alert row.</summary>
internal static class AlertRows
{
    public static void Apply(Alert row, CapAlert alert)
    {
        row.Identifier = alert.Identifier;
        row.Sender = alert.Sender;
        row.Sent = alert.Sent.ToUniversalTime();
        row.Status = alert.Status;
        row.MsgType = alert.MsgType;
        row.Scope = alert.Scope;
        row.CapXml = CapXml.Write(alert);

        // A Cancel keeps the alert's last description (its own info, if any, is the all-clear text in the CAP document).
        if (alert.MsgType != "Cancel" && alert.InfoFor("de") is { } info)
        {
            row.Event = Cut(info.Event, 200);
            row.Severity = info.Severity;
            row.Urgency = info.Urgency;
            row.Certainty = info.Certainty;
            row.Headline = Cut(info.Headline ?? info.Event, 500);
            row.Effective = info.Effective?.ToUniversalTime();
            row.Onset = info.Onset?.ToUniversalTime();
            row.Expires = info.Expires?.ToUniversalTime();
            row.AreaDesc = Cut(string.Join("; ", alert.Infos.SelectMany(i => i.Areas).Select(a => a.AreaDesc).Distinct(StringComparer.Ordinal)), 1000);
            row.Geometry = CapGeometry.ToGeoJson(alert);
        }
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
