using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>A source as the API and the admin page send it.</summary>
internal sealed record HarvestSourceRequest(
    string? Name,
    string? Kind,
    string? Url,
    string? Organization,
    int? IntervalMinutes,
    bool? Enabled,
    bool? AllowPrivateNetwork);

/// <summary>A source with its latest run.</summary>
internal sealed record HarvestSourceResponse(
    Guid Id,
    string Name,
    string Kind,
    string Url,
    string? Organization,
    int? IntervalMinutes,
    bool Enabled,
    bool AllowPrivateNetwork,
    DateTimeOffset? HighWaterMark,
    DateTimeOffset Created,
    DateTimeOffset Modified,
    HarvestRunResponse? LastRun)
{
    public static HarvestSourceResponse From(HarvestSource s, HarvestRun? last) => new(
        s.Id, s.Name, s.Kind.Key(), s.Url, s.OrganizationName, s.IntervalMinutes, s.Enabled, s.AllowPrivateNetwork,
        s.HighWaterMark, s.Created, s.Modified, last is null ? null : HarvestRunResponse.From(last, s.Name));
}

/// <summary>A run: status, counts, progress; the detail view adds the per-record errors.</summary>
internal sealed record HarvestRunResponse(
    Guid Id,
    Guid SourceId,
    string? Source,
    string Status,
    string TriggeredBy,
    DateTimeOffset Queued,
    DateTimeOffset? Started,
    DateTimeOffset? Finished,
    HarvestCounts Counts,
    HarvestProgress Progress,
    bool CancelRequested,
    bool Resumable,
    string? Message,
    IReadOnlyList<HarvestErrorResponse>? Errors = null)
{
    public static HarvestRunResponse From(HarvestRun r, string? sourceName, IReadOnlyList<HarvestErrorResponse>? errors = null) => new(
        r.Id, r.SourceId, sourceName, r.Status.Key(), r.TriggeredBy, r.Queued, r.Started, r.Finished,
        new HarvestCounts(r.Created, r.Updated, r.Unchanged, r.Deleted, r.Failed),
        new HarvestProgress(r.PagesDone, r.PagesTotal, r.RecordsDone, r.RecordsTotal),
        r.CancelRequested, r.IsResumable, r.Message, errors);
}

internal sealed record HarvestCounts(int Created, int Updated, int Unchanged, int Deleted, int Failed);

internal sealed record HarvestProgress(int PagesDone, int? PagesTotal, int RecordsDone, int? RecordsTotal);

internal sealed record HarvestErrorResponse(string? Record, string Message, DateTimeOffset Occurred);

internal enum SourceWriteStatus
{
    Ok,
    Invalid,
    NameTaken,
    NotFound,
    Forbidden,
}

/// <summary>Creates, edits, lists and deletes the current tenant's harvest sources.</summary>
internal sealed partial class HarvestSources(StadtkernDb db, TimeProvider clock)
{
    public const int MaxErrorsShown = 1000;

    public async Task<List<HarvestSourceResponse>> ListAsync(CancellationToken cancellationToken)
    {
        var sources = await db.Set<HarvestSource>().AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var result = new List<HarvestSourceResponse>(sources.Count);
        foreach (var source in sources)
        {
            result.Add(HarvestSourceResponse.From(source, await LastRunAsync(source.Id, cancellationToken)));
        }

        return result;
    }

    public Task<HarvestSource?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<HarvestSource>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    public Task<HarvestSource?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        db.Set<HarvestSource>().AsNoTracking().FirstOrDefaultAsync(s => s.Name == name, cancellationToken);

    public Task<HarvestRun?> LastRunAsync(Guid sourceId, CancellationToken cancellationToken) =>
        db.Set<HarvestRun>().AsNoTracking().Where(r => r.SourceId == sourceId).OrderByDescending(r => r.Queued).FirstOrDefaultAsync(cancellationToken);

    public Task<List<HarvestRun>> RunsAsync(Guid? sourceId, int limit, CancellationToken cancellationToken) =>
        db.Set<HarvestRun>().AsNoTracking().Where(r => sourceId == null || r.SourceId == sourceId)
            .OrderByDescending(r => r.Queued).Take(limit).ToListAsync(cancellationToken);

    public async Task<HarvestRunResponse?> RunAsync(Guid runId, bool withErrors, CancellationToken cancellationToken)
    {
        var run = await db.Set<HarvestRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
        {
            return null;
        }

        var name = await db.Set<HarvestSource>().Where(s => s.Id == run.SourceId).Select(s => s.Name).FirstOrDefaultAsync(cancellationToken);
        List<HarvestErrorResponse>? errors = null;
        if (withErrors)
        {
            errors = await db.Set<HarvestRunError>().AsNoTracking().Where(e => e.RunId == runId).OrderBy(e => e.Occurred).ThenBy(e => e.Id)
                .Take(MaxErrorsShown).Select(e => new HarvestErrorResponse(e.RecordIdentifier, e.Message, e.Occurred)).ToListAsync(cancellationToken);
        }

        return HarvestRunResponse.From(run, name, errors);
    }

    public async Task<(SourceWriteStatus Status, HarvestSource? Source, Dictionary<string, string[]> Errors)> SaveAsync(
        Guid? id, HarvestSourceRequest request, bool isOperator, CancellationToken cancellationToken)
    {
        var existing = id is { } sourceId ? await db.Set<HarvestSource>().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken) : null;
        if (id is not null && existing is null)
        {
            return (SourceWriteStatus.NotFound, null, []);
        }

        // Only the instance operator may let a source reach private networks (or change that permission).
        if (!isOperator && request.AllowPrivateNetwork is { } allow && allow != (existing?.AllowPrivateNetwork ?? false))
        {
            return (SourceWriteStatus.Forbidden, null, []);
        }

        var errors = Validate(request, out var kind);
        if (errors.Count > 0)
        {
            return (SourceWriteStatus.Invalid, null, errors);
        }

        var name = request.Name!.Trim();
        if (await db.Set<HarvestSource>().AnyAsync(s => s.Name == name && s.Id != (existing == null ? Guid.Empty : existing.Id), cancellationToken))
        {
            return (SourceWriteStatus.NameTaken, null, new() { ["name"] = ["Eine Quelle mit diesem Namen gibt es bereits."] });
        }

        var now = clock.GetStoredNow();
        var source = existing ?? new HarvestSource { Id = Guid.CreateVersion7(), Created = now };
        var urlChanged = existing is not null && (existing.Url != request.Url!.Trim() || existing.Kind != kind);
        source.Name = name;
        source.Kind = kind;
        source.Url = request.Url!.Trim();
        source.OrganizationName = string.IsNullOrWhiteSpace(request.Organization) ? null : request.Organization.Trim();
        source.IntervalMinutes = request.IntervalMinutes is > 0 ? request.IntervalMinutes : null;
        source.Enabled = request.Enabled ?? true;
        source.AllowPrivateNetwork = request.AllowPrivateNetwork ?? existing?.AllowPrivateNetwork ?? false;
        source.Modified = now;
        if (urlChanged)
        {
            // Another catalogue: the next run harvests everything again.
            source.HighWaterMark = null;
        }

        if (existing is null)
        {
            db.Add(source);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return (SourceWriteStatus.NameTaken, null, new() { ["name"] = ["Eine Quelle mit diesem Namen gibt es bereits."] });
        }

        return (SourceWriteStatus.Ok, source, []);
    }

    /// <summary>Deletes the source with its runs; harvested datasets stay (they are ordinary datasets then).</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Set<HarvestSource>().Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;

    public static Dictionary<string, string[]> Validate(HarvestSourceRequest request, out HarvestKind kind)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Name is null || !NamePattern().IsMatch(request.Name.Trim()))
        {
            errors["name"] = ["Der Name muss 2–100 Zeichen lang sein und darf nur Kleinbuchstaben, Ziffern, - und _ enthalten."];
        }

        if (!HarvestKinds.TryParse(request.Kind, out kind))
        {
            errors["kind"] = ["Die Art muss ckan, dcat oder stadtkern sein."];
        }

        if (request.Url is null || request.Url.Trim().Length > 2000 || !ValidateDataset.IsHttpUrl(request.Url.Trim()))
        {
            errors["url"] = ["Die Adresse muss eine http(s)-Adresse mit höchstens 2000 Zeichen sein."];
        }

        if (!string.IsNullOrWhiteSpace(request.Organization) && !NamePattern().IsMatch(request.Organization.Trim()))
        {
            errors["organization"] = ["Der Name der Organisation muss 2–100 Zeichen lang sein (Kleinbuchstaben, Ziffern, - und _)."];
        }

        if (request.IntervalMinutes is < 0 or > 525_600 || request.IntervalMinutes is > 0 and < 5)
        {
            errors["intervalMinutes"] = ["Das Intervall muss zwischen 5 und 525600 Minuten liegen (leer oder 0: nur manuell)."];
        }

        return errors;
    }

    [GeneratedRegex("^[a-z0-9_-]{2,100}$")]
    private static partial Regex NamePattern();
}
