namespace Stadtkern.Features.Reports.Intake;

/// <summary>A report as it arrives, from any channel (Open311, web form), before validation.</summary>
internal sealed record NewReport
{
    /// <summary>The chosen service (category) code; null when the citizen only described the problem.</summary>
    public string? ServiceCode { get; init; }

    public string? Description { get; init; }

    public double? Lat { get; init; }

    public double? Lon { get; init; }

    public string? Address { get; init; }

    /// <summary>Open311 <c>address_id</c>: an id of the city's address register, kept as the address when no text is given.</summary>
    public string? AddressId { get; init; }

    public string? Zipcode { get; init; }

    public string? District { get; init; }

    /// <summary>Attribute answers by code; list values have several entries.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public string? Email { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Phone { get; init; }

    public string? DeviceId { get; init; }

    /// <summary>Open311 <c>media_url</c>: a photo the client already hosts; stored as given, public only once released.</summary>
    public string? MediaUrl { get; init; }

    public IReadOnlyList<UploadedPhoto> Photos { get; init; } = [];

    /// <summary>One of the report sources (open311, web).</summary>
    public string Source { get; init; } = Model.ReportSources.Open311;

    /// <summary>When true, a service code is required (Open311 makes it mandatory; the web form does not).</summary>
    public bool RequireService { get; init; }

    /// <summary>When false, required attributes may be missing (the web form does not ask for them; staff can add them).</summary>
    public bool RequireAttributes { get; init; } = true;
}

/// <summary>An uploaded file as received (name and type as the client claims them; the bytes decide).</summary>
internal sealed record UploadedPhoto(string? FileName, string? ContentType, byte[] Content);

/// <summary>Why a report was refused. <see cref="Status"/> is the HTTP status (400, 403, 404).</summary>
internal sealed record IntakeError(int Status, string Field, string Message);

/// <summary>What became of a submission: the stored report, or the reasons it was refused; photos that were rejected while the
/// report was kept.</summary>
internal sealed record SubmitOutcome(Model.Report? Report, IReadOnlyList<IntakeError> Errors, IReadOnlyList<string> RejectedPhotos)
{
    public bool Succeeded => Report is not null;

    /// <summary>The notice for the citizen: the report's own service notice plus why photos were rejected.</summary>
    public string? Notice => Report is null
        ? null
        : string.Join(" ", new[] { Report.ServiceNotice }.Concat(RejectedPhotos).Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } text ? text : null;
}
