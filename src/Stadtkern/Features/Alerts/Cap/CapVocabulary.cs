namespace Stadtkern.Features.Alerts.Cap;

/// <summary>The closed value lists of CAP 1.2 (OASIS standard, section 3.2), spelled exactly as on the wire.</summary>
internal static class CapVocabulary
{
    public const string Namespace = "urn:oasis:names:tc:emergency:cap:1.2";

    public static readonly IReadOnlyList<string> Statuses = ["Actual", "Exercise", "System", "Test", "Draft"];

    public static readonly IReadOnlyList<string> MsgTypes = ["Alert", "Update", "Cancel", "Ack", "Error"];

    public static readonly IReadOnlyList<string> Scopes = ["Public", "Restricted", "Private"];

    public static readonly IReadOnlyList<string> Categories =
        ["Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra", "CBRNE", "Other"];

    public static readonly IReadOnlyList<string> ResponseTypes =
        ["Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor", "Assess", "AllClear", "None"];

    public static readonly IReadOnlyList<string> Urgencies = ["Immediate", "Expected", "Future", "Past", "Unknown"];

    public static readonly IReadOnlyList<string> Severities = ["Extreme", "Severe", "Moderate", "Minor", "Unknown"];

    public static readonly IReadOnlyList<string> Certainties = ["Observed", "Likely", "Possible", "Unlikely", "Unknown"];

    public static bool Contains(IReadOnlyList<string> list, string? value) => value is not null && list.Contains(value, StringComparer.Ordinal);
}
