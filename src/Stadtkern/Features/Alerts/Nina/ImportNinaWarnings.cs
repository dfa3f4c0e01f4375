using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Features.Alerts.Publishing;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Alerts.Nina;

/// <summary>The outcome of one import round for one tenant (also the CLI's JSON output).</summary>
internal sealed record NinaImportSummary(
    string Tenant, string? KreisArs, int Created, int Updated, int Cancelled, int Unchanged, int OutsideRegion, IReadOnlyList<string> Errors);

/// <summary>
/// One import round for the current tenant: read the district's dashboard and each configured source's map list, keep the
/// warnings that concern the district (the dashboard's all; a map list's when one of the warning's area codes lies in the
/// district), and publish each new or changed one (version differs from the stored <c>source_version</c>) through
/// <see cref="IAlertPublisher"/> as an official alert. A warning the source cancels is published as Cancel; one that left
/// the lists is cancelled here, but only when the lists it came from were read successfully (an upstream failure never
/// cancels anything). Running a round twice changes nothing the second time.
/// </summary>
internal sealed partial class ImportNinaWarnings(
    NinaClient client,
    NinaAlertStore store,
    IAlertPublisher publisher,
    TenantContext tenants,
    IMemoryCache cache,
    IOptionsMonitor<NinaOptions> options,
    TimeProvider time,
    ILogger<ImportNinaWarnings> logger)
{
    public async Task<NinaImportSummary> RunAsync(CancellationToken ct)
    {
        var tenant = tenants.Required;
        var errors = new List<string>();
        if (!NinaRegion.TryCreate(tenant.Ars, out var region, out var invalid))
        {
            LogFailed(logger, tenant.Slug, invalid);
            return new NinaImportSummary(tenant.Slug, null, 0, 0, 0, 0, 0, [invalid]);
        }

        var settings = options.CurrentValue;

        // 1. What the upstream lists now.
        IReadOnlyList<NinaListEntry>? dashboard = null;
        try
        {
            using var document = await client.DashboardAsync(region.KreisArs, ct);
            dashboard = document is null ? [] : NinaLists.ReadDashboard(document.RootElement);
        }
        catch (Exception e) when (e is NinaFetchException or NinaFormatException)
        {
            errors.Add("dashboard: " + e.Message);
        }

        var listed = new Dictionary<string, (NinaListEntry Entry, bool InRegion)>(StringComparer.Ordinal);
        foreach (var entry in dashboard ?? [])
        {
            listed[entry.Id] = (entry, true);
        }

        var providersRead = new HashSet<string>(StringComparer.Ordinal);
        foreach (var provider in settings.Providers.Select(p => p.Trim().ToLowerInvariant()).Where(NinaProviders.All.Contains).Distinct())
        {
            try
            {
                using var document = await client.MapDataAsync(provider, ct);
                foreach (var entry in document is null ? [] : NinaLists.ReadMapData(document.RootElement, provider))
                {
                    listed.TryAdd(entry.Id, (entry, false));
                }

                providersRead.Add(provider);
            }
            catch (Exception e) when (e is NinaFetchException or NinaFormatException)
            {
                errors.Add($"{provider}/mapData: {e.Message}");
            }
        }

        // 2. What we have, and what to fetch.
        var stored = (await store.ListAsync(ct)).ToDictionary(a => a.SourceId, StringComparer.Ordinal);
        var present = new HashSet<string>(StringComparer.Ordinal);
        var unchanged = 0;
        var outside = 0;
        var toFetch = new List<(NinaListEntry Entry, bool InRegion)>();
        foreach (var (id, (entry, inRegion)) in listed)
        {
            if (stored.TryGetValue(id, out var known) && known.SourceVersion == entry.Version)
            {
                present.Add(id);
                unchanged++;
            }
            else if (!inRegion && cache.TryGetValue(OutsideKey(region, entry), out _))
            {
                outside++;
            }
            else
            {
                toFetch.Add((entry, inRegion));
            }
        }

        var fetched = new List<(NinaListEntry Entry, CapAlert Alert)>();
        await Parallel.ForEachAsync(toFetch, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = ct }, async (item, token) =>
        {
            try
            {
                var alert = await FetchAsync(item.Entry, token);
                if (alert is null)
                {
                    lock (errors)
                    {
                        errors.Add($"{item.Entry.Id}: listed, but /warnings/{item.Entry.Id}.json answers 404");
                    }

                    return;
                }

                if (!item.InRegion && !region.Covers(alert))
                {
                    cache.Set(OutsideKey(region, item.Entry), true, TimeSpan.FromDays(2));
                    Interlocked.Increment(ref outside);
                    return;
                }

                lock (fetched)
                {
                    fetched.Add((item.Entry, alert));
                }
            }
            catch (Exception e) when (e is NinaFetchException or NinaFormatException)
            {
                lock (errors)
                {
                    errors.Add($"{item.Entry.Id}: {e.Message}");
                }
            }
        });

        // 3. Publish, one at a time (one database context), in the order the source sent them.
        var created = 0;
        var updated = 0;
        var cancelled = 0;
        foreach (var (entry, upstream) in fetched.OrderBy(f => f.Alert.Sent))
        {
            present.Add(entry.Id);
            var provider = entry.Provider ?? NinaProviders.Of(entry.Id) ?? "mowas";
            var known = stored.GetValueOrDefault(entry.Id);
            var alert = MapNinaWarning.IntoChain(upstream, known?.Sender, known?.Identifier, known?.Sent);
            if (alert is null)
            {
                unchanged++; // the source cancels a warning we never had: nothing to do
                continue;
            }

            try
            {
                var outcome = await publisher.PublishAsync(alert, new AlertOrigin(AlertSource.Nina, "nina", provider, entry.Id, entry.Version), ct);
                if (outcome.Unchanged)
                {
                    unchanged++;
                }
                else if (alert.MsgType == "Cancel")
                {
                    cancelled++;
                }
                else if (stored.ContainsKey(entry.Id))
                {
                    updated++;
                }
                else
                {
                    created++;
                }
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or AlertRejectedException)
            {
                errors.Add($"{entry.Id}: not published: {e.Message}");
            }
        }

        // 4. Warnings that left the lists. Only when the dashboard and the warning's source list were read.
        if (dashboard is not null)
        {
            foreach (var gone in stored.Values.Where(a => a.IsOpen && !present.Contains(a.SourceId) && !listed.ContainsKey(a.SourceId)))
            {
                var fromList = gone.Provider is null || !settings.Providers.Contains(gone.Provider, StringComparer.OrdinalIgnoreCase) || providersRead.Contains(gone.Provider);
                if (!fromList)
                {
                    continue;
                }

                var now = time.GetUtcNow();
                var cancel = MapNinaWarning.CancelFor(gone.SourceId, gone.Sender, now, "Die Warnung wird von der Quelle nicht mehr geführt.") with
                {
                    References = [$"{gone.Sender},{gone.Identifier},{MapNinaWarning.CapTime(gone.Sent)}"],
                };
                try
                {
                    var outcome = await publisher.PublishAsync(cancel, new AlertOrigin(AlertSource.Nina, "nina", gone.Provider, gone.SourceId, "gone"), ct);
                    if (!outcome.Unchanged)
                    {
                        cancelled++;
                    }
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException or AlertRejectedException)
                {
                    errors.Add($"{gone.SourceId}: cancelling failed: {e.Message}");
                }
            }
        }

        foreach (var error in errors)
        {
            LogFailed(logger, tenant.Slug, error);
        }

        return new NinaImportSummary(tenant.Slug, region.KreisArs, created, updated, cancelled, unchanged, outside, errors);
    }

    private async Task<CapAlert?> FetchAsync(NinaListEntry entry, CancellationToken ct)
    {
        using var warning = await client.WarningAsync(entry.Id, ct);
        if (warning is null)
        {
            return null;
        }

        JsonDocument? geo = null;
        try
        {
            geo = await client.WarningGeoJsonAsync(entry.Id, ct);
        }
        catch (NinaFetchException e)
        {
            LogNoGeometry(logger, entry.Id, e.Message); // the warning is still worth publishing without its map
        }

        using (geo)
        {
            return MapNinaWarning.Map(warning.RootElement, geo?.RootElement, entry.Id);
        }
    }

    private static string OutsideKey(NinaRegion region, NinaListEntry entry) => $"nina:outside:{region.Kreis}:{entry.Id}:{entry.Version}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "NINA import for {Tenant}: {Error}")]
    private static partial void LogFailed(ILogger logger, string tenant, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "NINA: no geometry for {Id} ({Reason}); imported without a map")]
    private static partial void LogNoGeometry(ILogger logger, string id, string reason);
}
