using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Access;

/// <summary>Which audit entries: of one dataset (name), in a time window [from, to), allowed or denied only.</summary>
internal sealed record AuditFilter(string? Dataset = null, DateTimeOffset? From = null, DateTimeOffset? To = null, bool? Allowed = null);

internal sealed record AuditView(
    Guid Id,
    DateTimeOffset At,
    string Dataset,
    Guid? ResourceId,
    PartyView Caller,
    string Use,
    string Outcome,
    string Basis,
    Guid? GrantId);

/// <summary>The stewards' view of the audit log of the current tenant, as pages and as a streamed CSV export.</summary>
internal sealed class ReadAuditLog(StadtkernDb db)
{
    public const int MaxPage = 1000;
    private const int ExportBatch = 1000;

    /// <summary>Stewardship without a person or token: the harvester, the demo seeder, the CLI.</summary>
    private static readonly PartyView SystemCaller = new("system", null, "System");

    public async Task<List<AuditView>> ListAsync(AuditFilter filter, int limit, int offset, CancellationToken cancellationToken)
    {
        var entries = await Query(filter).OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip(Math.Max(0, offset)).Take(Math.Clamp(limit, 1, MaxPage)).ToListAsync(cancellationToken);
        return await ViewAsync(entries, cancellationToken);
    }

    /// <summary>Writes the whole selection as CSV (UTF-8, comma, RFC 4180 quoting), oldest first, in batches: memory stays flat.</summary>
    public async Task WriteCsvAsync(Stream output, AuditFilter filter, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        await writer.WriteAsync("at,dataset,resource_id,caller_kind,caller_id,caller_name,use,outcome,basis,grant_id\n");
        var offset = 0;
        while (true)
        {
            var entries = await Query(filter).OrderBy(a => a.At).ThenBy(a => a.Id).Skip(offset).Take(ExportBatch).ToListAsync(cancellationToken);
            foreach (var entry in await ViewAsync(entries, cancellationToken))
            {
                await writer.WriteAsync(string.Join(',',
                    entry.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    Csv(entry.Dataset),
                    entry.ResourceId?.ToString() ?? "",
                    entry.Caller.Kind,
                    entry.Caller.Id?.ToString() ?? "",
                    Csv(entry.Caller.Name),
                    entry.Use,
                    entry.Outcome,
                    entry.Basis,
                    entry.GrantId?.ToString() ?? ""));
                await writer.WriteAsync('\n');
            }

            await writer.FlushAsync(cancellationToken);
            if (entries.Count < ExportBatch)
            {
                break;
            }

            offset += entries.Count;
        }
    }

    /// <summary>RFC 4180 quoting; a leading = + - @ is defused so spreadsheets do not run a name as a formula.</summary>
    internal static string Csv(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private IQueryable<AccessAuditEntry> Query(AuditFilter filter)
    {
        var query = db.Set<AccessAuditEntry>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Dataset))
        {
            query = query.Where(a => a.DatasetName == filter.Dataset);
        }

        if (filter.From is { } from)
        {
            var f = from.ToUniversalTime();
            query = query.Where(a => a.At >= f);
        }

        if (filter.To is { } to)
        {
            var t = to.ToUniversalTime();
            query = query.Where(a => a.At < t);
        }

        if (filter.Allowed is { } allowed)
        {
            query = query.Where(a => a.Allowed == allowed);
        }

        return query;
    }

    private async Task<List<AuditView>> ViewAsync(List<AccessAuditEntry> entries, CancellationToken cancellationToken)
    {
        var names = await PartyNames.LoadAsync(db, entries.Select(e => e.UserId).OfType<Guid>(), entries.Select(e => e.TokenId).OfType<Guid>(), [], cancellationToken);
        return entries.Select(e => new AuditView(
            e.Id, e.At, e.DatasetName, e.ResourceId, e.UserId is null && e.TokenId is null && e.Basis == AccessBasis.Steward ? SystemCaller : names.Caller(e.UserId, e.TokenId), e.Use.Key(), e.Allowed ? "allowed" : "denied", e.Basis.Key(), e.GrantId)).ToList();
    }
}
