namespace Stadtkern.Features.Alerts.Cap;

/// <summary>A CAP 1.2 <c>valueName</c>/<c>value</c> pair (eventCode, parameter, geocode).</summary>
internal sealed record CapValue(string ValueName, string Value);

/// <summary>A CAP 1.2 <c>area</c>: polygons ("lat,lon lat,lon ...", closed) and circles ("lat,lon radius-km").</summary>
internal sealed record CapArea(string AreaDesc, IReadOnlyList<string> Polygons, IReadOnlyList<string> Circles,
    IReadOnlyList<CapValue> Geocodes, double? Altitude = null, double? Ceiling = null);

/// <summary>A CAP 1.2 <c>resource</c> (only by reference; embedded <c>derefUri</c> content is not kept).</summary>
internal sealed record CapResource(string ResourceDesc, string MimeType, long? Size, string? Uri, string? Digest);

/// <summary>A CAP 1.2 <c>info</c> block: one language's description of the event.</summary>
internal sealed record CapInfo(string Language, IReadOnlyList<string> Categories, string Event, IReadOnlyList<string> ResponseTypes,
    string Urgency, string Severity, string Certainty, string? Audience, IReadOnlyList<CapValue> EventCodes,
    DateTimeOffset? Effective, DateTimeOffset? Onset, DateTimeOffset? Expires, string? SenderName, string? Headline,
    string? Description, string? Instruction, string? Web, string? Contact, IReadOnlyList<CapValue> Parameters,
    IReadOnlyList<CapResource> Resources, IReadOnlyList<CapArea> Areas);

/// <summary>A CAP 1.2 <c>alert</c> message. <see cref="References"/> holds "sender,identifier,sent" triples.</summary>
internal sealed record CapAlert(string Identifier, string Sender, DateTimeOffset Sent, string Status, string MsgType, string Scope,
    string? Source, string? Restriction, string? Addresses, IReadOnlyList<string> Codes, string? Note,
    IReadOnlyList<string> References, string? Incidents, IReadOnlyList<CapInfo> Infos)
{
    /// <summary>The info block in <paramref name="language"/> (prefix match, "de" finds "de-DE"), else the first one.</summary>
    public CapInfo? InfoFor(string language) =>
        Infos.FirstOrDefault(i => i.Language.StartsWith(language, StringComparison.OrdinalIgnoreCase)) ?? (Infos.Count > 0 ? Infos[0] : null);

    /// <summary>This alert as a reference entry for a later Update or Cancel.</summary>
    public string AsReference() => string.Join(',', Sender, Identifier, CapXml.FormatTime(Sent));
}

/// <summary>The result of <see cref="CapXml.Read"/>: the alert, or why the document is not valid CAP 1.2.</summary>
internal sealed record CapReadResult(CapAlert? Alert, IReadOnlyList<string> Errors)
{
    public bool IsValid => Alert is not null && Errors.Count == 0;
}
