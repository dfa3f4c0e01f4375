using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Media;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Features.Reports.Routing;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Intake;

/// <summary>
/// The one path every new report takes (Open311 POST, web form): validate, ask the router, then store the report with its routing,
/// its 'created' (and 'routed') event and its accepted photos in one transaction. A failing router never loses the report (it is
/// stored without a prediction); invalid photos are rejected with a reason while the report is kept.
/// </summary>
internal sealed partial class SubmitReport(
    StadtkernDb db,
    IReportRouter router,
    CheckPhotos photos,
    TimeProvider clock,
    ILogger<SubmitReport> logger)
{
    public const int MaxDescription = 4000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<SubmitOutcome> SubmitAsync(NewReport input, CancellationToken cancellationToken)
    {
        var errors = new List<IntakeError>();
        ReportService? service = null;
        if (!string.IsNullOrWhiteSpace(input.ServiceCode))
        {
            var code = input.ServiceCode.Trim();
            service = await db.Set<ReportService>().AsNoTracking().FirstOrDefaultAsync(s => s.Code == code && s.Active, cancellationToken);
            if (service is null)
            {
                errors.Add(new IntakeError(400, "service_code", $"Unknown service_code '{code}'."));
            }
        }
        else if (input.RequireService)
        {
            errors.Add(new IntakeError(400, "service_code", "service_code is required."));
        }

        var description = input.Description?.Trim() ?? "";
        if (description.Length > MaxDescription)
        {
            errors.Add(new IntakeError(400, "description", $"description is longer than {MaxDescription} characters."));
        }
        else if (description.Length == 0 && service is null)
        {
            errors.Add(new IntakeError(400, "description", "description is required when no service is chosen."));
        }

        errors.AddRange(ValidateReport.Location(input));
        errors.AddRange(ValidateReport.Contact(input));
        var attributes = service is null ? null : ValidateReport.Attributes(ServiceAttribute.Parse(service.Attributes), input.Attributes, errors, input.RequireAttributes);
        if (errors.Count > 0)
        {
            return new SubmitOutcome(null, errors, []);
        }

        var (accepted, rejected) = photos.Check(input.Photos, string.IsNullOrWhiteSpace(input.MediaUrl) ? 0 : 1);
        var now = clock.GetStoredNow();
        var report = new Report
        {
            ServiceId = service?.Id,
            Token = NewToken(),
            Status = ReportStatus.Open,
            Description = description,
            Lat = input.Lat,
            Lon = input.Lon,
            Address = Trim(input.Address, 500) ?? Trim(input.AddressId, 500),
            Zipcode = Trim(input.Zipcode, 10),
            District = Trim(input.District, 200),
            Attributes = attributes,
            Email = Trim(input.Email, 254),
            FirstName = Trim(input.FirstName, 100),
            LastName = Trim(input.LastName, 100),
            Phone = Trim(input.Phone, 50),
            DeviceId = Trim(input.DeviceId, 200),
            RequestedAt = now,
            UpdatedAt = now,
            Source = input.Source,
        };

        // Routing is decided before anything is written, so the report, its routing and its events are one transaction (one
        // commit, the durability cost of a report); a failing router only means no prediction, never a lost report.
        var routed = await RouteAsync(report, service, now, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(report);
        await db.SaveChangesAsync(cancellationToken);

        db.Add(new ReportEvent { ReportId = report.Id, At = now, Actor = ReportActors.Citizen, Kind = ReportEventKinds.Created, ToValue = ReportStatus.Open, IsPublic = true });
        if (routed is not null)
        {
            routed.ReportId = report.Id;
            db.Add(routed);
        }

        foreach (var photo in accepted)
        {
            db.Add(new ReportMedia
            {
                Id = Guid.CreateVersion7(),
                ReportId = report.Id,
                ContentType = photo.Format.ContentType(),
                Content = photo.Content,
                Width = photo.Width,
                Height = photo.Height,
                CreatedAt = now,
            });
        }

        if (!string.IsNullOrWhiteSpace(input.MediaUrl))
        {
            // A photo the client hosts: kept as given, behind the same staff release as uploaded photos.
            db.Add(new ReportMedia
            {
                Id = Guid.CreateVersion7(),
                ReportId = report.Id,
                ContentType = ReportMediaTypes.ExternalUrl,
                Content = System.Text.Encoding.UTF8.GetBytes(input.MediaUrl.Trim()),
                CreatedAt = now,
            });
        }

        foreach (var reason in rejected)
        {
            db.Add(new ReportEvent { ReportId = report.Id, At = now, Actor = ReportActors.Citizen, Kind = ReportEventKinds.Comment, Text = reason, IsPublic = false });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SubmitOutcome(report, [], rejected);
    }

    /// <summary>Sets the report's department and routing fields from the router (or the category's department); returns the
    /// 'routed' event to store with it (its report id is filled in once the report has one), or null when it goes to triage.</summary>
    private async Task<ReportEvent?> RouteAsync(Report report, ReportService? service, DateTimeOffset now, CancellationToken cancellationToken)
    {
        RoutingPrediction? prediction = null;
        try
        {
            prediction = await router.PredictAsync(
                new RoutingInput(report.Description, service?.CategoryText, report.Lat, report.Lon, report.District), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRouterFailed(logger, exception, report.Description.Length);
        }

        if (prediction is not null)
        {
            report.RoutingConfidence = prediction.Confidence;
            report.RoutingSuggestions = JsonSerializer.Serialize(
                prediction.Alternatives.Select(a => new { department = a.DepartmentKey, confidence = a.Confidence }), Json);
        }

        if (prediction is { AutoAssign: true }
            && await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Key == prediction.DepartmentKey, cancellationToken) is { } predicted)
        {
            report.DepartmentId = predicted.Id;
            report.RoutingMode = RoutingModes.Automatic;
            return new ReportEvent { At = now, Actor = ReportActors.Router, Kind = ReportEventKinds.Routed, ToValue = predicted.Key, Text = "automatisch", IsPublic = false };
        }

        if (prediction is null && service?.DepartmentId is { } usual
            && await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == usual, cancellationToken) is { } department)
        {
            report.DepartmentId = department.Id;
            report.RoutingMode = RoutingModes.Service;
            return new ReportEvent { At = now, Actor = ReportActors.Router, Kind = ReportEventKinds.Routed, ToValue = department.Key, Text = "nach Kategorie", IsPublic = false };
        }

        report.RoutingMode = RoutingModes.Triage;
        return null;
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    private static string? Trim(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim() is var t && t.Length > max ? t[..max] : t;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The router failed on a new report ({DescriptionLength} characters); it is stored without a prediction")]
    private static partial void LogRouterFailed(ILogger logger, Exception exception, int descriptionLength);
}
