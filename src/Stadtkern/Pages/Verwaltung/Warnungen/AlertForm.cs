using System.Globalization;
using Stadtkern.Features.Alerts.Publishing;
using Stadtkern.Features.Alerts.Templates;

namespace Stadtkern.Pages.Verwaltung.Warnungen;

/// <summary>The compose/update form: plain strings bound from the page, turned into an <see cref="AlertDraft"/>.</summary>
internal sealed class AlertForm
{
    public string Event { get; set; } = "";

    public string Category { get; set; } = "Safety";

    public string ResponseType { get; set; } = "Monitor";

    public string Severity { get; set; } = "Moderate";

    public string Urgency { get; set; } = "Expected";

    public string Certainty { get; set; } = "Likely";

    public string Headline { get; set; } = "";

    public string? Description { get; set; }

    public string? Instruction { get; set; }

    /// <summary>Hours from now until the alert expires; empty = until cancelled.</summary>
    public string? DurationHours { get; set; }

    public string AreaMode { get; set; } = AreaModes.City;

    public string? AreaDesc { get; set; }

    public string? Polygon { get; set; }

    public string? Circle { get; set; }

    public bool Exercise { get; set; }

    public static AlertForm FromTemplate(AlertTemplate t) => new()
    {
        Event = t.Event,
        Category = t.Category,
        ResponseType = t.ResponseType,
        Severity = t.Severity,
        Urgency = t.Urgency,
        Certainty = t.Certainty,
        Headline = t.Headline,
        Description = t.Description,
        Instruction = t.Instruction,
        DurationHours = t.DurationHours > 0 ? t.DurationHours.ToString(CultureInfo.InvariantCulture) : null,
    };

    public List<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Headline))
        {
            problems.Add("Bitte eine Überschrift angeben.");
        }

        if (string.IsNullOrWhiteSpace(Event))
        {
            problems.Add("Bitte das Ereignis angeben.");
        }

        if (!string.IsNullOrWhiteSpace(DurationHours)
            && (!double.TryParse(DurationHours.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) || hours <= 0 || hours > 24 * 365))
        {
            problems.Add("Die Dauer muss eine positive Zahl von Stunden sein.");
        }

        if (AreaMode == AreaModes.Polygon && string.IsNullOrWhiteSpace(Polygon))
        {
            problems.Add("Bitte das Gebiet auf der Karte einzeichnen oder die Polygon-Koordinaten eingeben.");
        }

        if (AreaMode == AreaModes.Circle && string.IsNullOrWhiteSpace(Circle))
        {
            problems.Add("Bitte Mittelpunkt und Radius des Kreises angeben.");
        }

        return problems;
    }

    public AlertDraft ToDraft(DateTimeOffset now)
    {
        DateTimeOffset? expires = null;
        if (!string.IsNullOrWhiteSpace(DurationHours)
            && double.TryParse(DurationHours.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var hours))
        {
            expires = now.AddHours(hours);
        }

        return new AlertDraft(Event, Category, ResponseType, Severity, Urgency, Certainty, Headline, Description ?? "", Instruction ?? "",
            expires, AreaMode, AreaDesc ?? "", Polygon, Circle, Exercise ? "Exercise" : "Actual");
    }
}
