using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Open311;

/// <summary>The query of GET requests, parsed: ids (which override every other filter, as the spec says) or the filters.</summary>
internal sealed record RequestQuery(
    IReadOnlyList<long> Ids, IReadOnlyList<string> ServiceCodes, IReadOnlyList<string> Statuses,
    DateTimeOffset? Start, DateTimeOffset? End, int Page, int PageSize)
{
    public const int DefaultDays = 90;
    public const int MaxResults = 1000;

    /// <summary>Parses the spec's parameters and the common <c>page</c>/<c>page_size</c> extension; errors name the parameter.</summary>
    public static (RequestQuery? Query, List<(string Field, string Message)> Errors) Parse(IQueryCollection query, DateTimeOffset now)
    {
        var errors = new List<(string, string)>();
        var ids = new List<long>();
        foreach (var raw in List(query["service_request_id"]))
        {
            if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                ids.Add(id);
            }
            else
            {
                errors.Add(("service_request_id", $"service_request_id '{raw}' is not a request id."));
            }
        }

        var statuses = List(query["status"]).Select(s => s.ToLowerInvariant()).ToList();
        foreach (var bad in statuses.Where(s => s is not (ReportStatus.Open or ReportStatus.Closed)))
        {
            errors.Add(("status", $"status '{bad}' is not open or closed."));
        }

        var start = Date(query["start_date"], "start_date", errors);
        var end = Date(query["end_date"], "end_date", errors);
        if (start is not null && end is not null && end < start)
        {
            errors.Add(("end_date", "end_date is before start_date."));
        }

        var page = Number(query["page"], "page", 1, int.MaxValue, 1, errors);
        var pageSize = Number(query["page_size"], "page_size", 1, MaxResults, MaxResults, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        // The spec's default window: the last 90 days, or the 90 days before end_date.
        if (start is null)
        {
            start = (end ?? now).AddDays(-DefaultDays);
        }

        return (new RequestQuery(ids, List(query["service_code"]), statuses, start, end, page, pageSize), errors);
    }

    private static List<string> List(Microsoft.Extensions.Primitives.StringValues values) =>
        [.. values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)];

    private static DateTimeOffset? Date(string? raw, string field, List<(string, string)> errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(raw.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var value)
            && raw.Contains('-', StringComparison.Ordinal))
        {
            return value.ToUniversalTime();
        }

        errors.Add((field, $"{field} '{raw}' is not an ISO 8601 date (e.g. 2024-05-01T00:00:00+02:00)."));
        return null;
    }

    private static int Number(string? raw, string field, int min, int max, int fallback, List<(string, string)> errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add((field, $"{field} must be a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}."));
        return fallback;
    }
}

/// <summary>GET requests, GET requests/{id}, GET tokens/{token}.</summary>
internal static class ListRequests
{
    public static async Task<IResult> HandleAsync(HttpContext http, string? format, [FromQuery(Name = "jurisdiction_id")] string? jurisdiction, CancellationToken cancellationToken)
    {
        if (Open311Call.ParseFormat(format) is not { } f)
        {
            return Open311Errors.UnknownFormat();
        }

        var (call, error) = await Open311Call.StartAsync(http, f, jurisdiction);
        if (call is null)
        {
            return error!;
        }

        await using (call)
        {
            var (query, errors) = RequestQuery.Parse(http.Request.Query, call.Get<TimeProvider>().GetUtcNow());
            if (query is null)
            {
                return Open311Errors.Result(f, 400, errors);
            }

            var db = call.Get<StadtkernDb>();
            var reports = db.Set<Report>().AsNoTracking();
            if (query.Ids.Count > 0)
            {
                reports = reports.Where(r => query.Ids.Contains(r.Id));
            }
            else
            {
                if (query.ServiceCodes.Count > 0)
                {
                    var codes = query.ServiceCodes;
                    var serviceIds = await db.Set<ReportService>().Where(s => codes.Contains(s.Code)).Select(s => (Guid?)s.Id).ToListAsync(cancellationToken);
                    reports = reports.Where(r => serviceIds.Contains(r.ServiceId));
                }

                if (query.Statuses.Count == 1)
                {
                    reports = query.Statuses[0] == ReportStatus.Closed
                        ? reports.Where(r => r.Status == ReportStatus.Closed)
                        : reports.Where(r => r.Status != ReportStatus.Closed);
                }

                var start = query.Start!.Value;
                reports = reports.Where(r => r.RequestedAt >= start);
                if (query.End is { } end)
                {
                    reports = reports.Where(r => r.RequestedAt <= end);
                }
            }

            var page = await reports.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id)
                .Skip((int)Math.Min((long)(query.Page - 1) * query.PageSize, int.MaxValue)).Take(query.PageSize)
                .ToListAsync(cancellationToken);
            var list = new Open311List("service_requests", "request", [.. await RequestView.MapAsync(page, call, http.Request, cancellationToken)]);
            return new Open311Result(Open311Writer.Write(list, f), f);
        }
    }

    public static async Task<IResult> GetAsync(HttpContext http, string id, [FromQuery(Name = "jurisdiction_id")] string? jurisdiction, CancellationToken cancellationToken)
    {
        var (name, format) = Open311Call.Split(id);
        if (format is not { } f)
        {
            return Open311Errors.UnknownFormat();
        }

        var (call, error) = await Open311Call.StartAsync(http, f, jurisdiction);
        if (call is null)
        {
            return error!;
        }

        await using (call)
        {
            var report = long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var reportId)
                ? await call.Get<StadtkernDb>().Set<Report>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == reportId, cancellationToken)
                : null;
            if (report is null)
            {
                return Open311Errors.Result(f, 404, "service_request_id", $"No service request '{name}'.");
            }

            var list = new Open311List("service_requests", "request", [.. await RequestView.MapAsync([report], call, http.Request, cancellationToken)]);
            return new Open311Result(Open311Writer.Write(list, f), f);
        }
    }

    public static async Task<IResult> TokenAsync(HttpContext http, string token, [FromQuery(Name = "jurisdiction_id")] string? jurisdiction, CancellationToken cancellationToken)
    {
        var (name, format) = Open311Call.Split(token);
        if (format is not { } f)
        {
            return Open311Errors.UnknownFormat();
        }

        var (call, error) = await Open311Call.StartAsync(http, f, jurisdiction);
        if (call is null)
        {
            return error!;
        }

        await using (call)
        {
            var id = await call.Get<StadtkernDb>().Set<Report>().AsNoTracking()
                .Where(r => r.Token == name).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
            if (id is null)
            {
                return Open311Errors.Result(f, 404, "token", $"No service request with token '{name}'.");
            }

            var list = new Open311List("service_requests", "request", [Open311Object.Of(("service_request_id", id.Value), ("token", name))]);
            return new Open311Result(Open311Writer.Write(list, f), f);
        }
    }
}
