using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Catalog.Harvest;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog.Harvest;

/// <summary>Arranging and driving harvest runs in integration tests.</summary>
internal static class HarvestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Sets the harvest options of this app (one app per test class); every test sets all it relies on.</summary>
    public static void Configure(StadtkernFactory app, bool allowLoopback = true, int requestTimeoutSeconds = 20, long maxResponseBytes = 10 * 1024 * 1024)
    {
        var options = app.Services.GetRequiredService<IOptionsMonitor<HarvestOptions>>().CurrentValue;
        options.AllowedHosts = allowLoopback ? ["127.0.0.1"] : [];
        options.RequestTimeoutSeconds = requestTimeoutSeconds;
        options.MaxResponseBytes = maxResponseBytes;
        options.PageSize = 100;
        options.RunTimeoutMinutes = 10;

        // Runs are worked by the test itself, so a background round cannot race the assertions.
        options.SchedulerEnabled = false;
    }

    public static async Task<Guid> CreateSourceAsync(HttpClient client, string name, string kind, string url, string? organization = null)
    {
        var response = await client.PostAsJsonAsync("/api/catalog/harvest/sources", new { name, kind, url, organization }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> StartRunAsync(HttpClient client, Guid sourceId)
    {
        var response = await client.PostAsync($"/api/catalog/harvest/sources/{sourceId}/runs", null, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    /// <summary>Works the run in this test (or lets the background scheduler, if it claimed it first) and waits for its end.</summary>
    public static async Task<HarvestRun> RunToEndAsync(StadtkernFactory app, Guid runId, TimeSpan? limit = null)
    {
        var worker = app.Services.GetRequiredService<HarvestWorker>();
        var work = worker.TryRunAsync(runId, Ct);
        return await WaitForEndAsync(app, runId, limit, work);
    }

    public static async Task<HarvestRun> WaitForEndAsync(StadtkernFactory app, Guid runId, TimeSpan? limit = null, Task? work = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(90));
        if (work is not null)
        {
            await work.WaitAsync(deadline - DateTime.UtcNow, Ct);
        }

        while (true)
        {
            var run = await FindRunAsync(app, runId);
            if (!run.IsActive)
            {
                return run;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Run {runId} is still {run.Status}.");
            }

            await Task.Delay(100, Ct);
        }
    }

    public static async Task<HarvestRun> FindRunAsync(StadtkernFactory app, Guid runId)
    {
        await using var scope = await app.TenantScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<HarvestRun>().AsNoTracking().FirstAsync(r => r.Id == runId, Ct);
    }

    public static async Task<List<HarvestRunError>> ErrorsAsync(StadtkernFactory app, Guid runId)
    {
        await using var scope = await app.TenantScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<HarvestRunError>().AsNoTracking().Where(e => e.RunId == runId).ToListAsync(Ct);
    }

    public static async Task<List<Dataset>> HarvestedAsync(StadtkernFactory app, Guid sourceId)
    {
        await using var scope = await app.TenantScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<Dataset>().AsNoTracking()
            .Include(d => d.Organization).Include(d => d.Resources)
            .Where(d => d.HarvestSourceId == sourceId).ToListAsync(Ct);
    }

    public static List<FakePackage> Packages(int count, DateTimeOffset from) =>
        [.. Enumerable.Range(1, count).Select(i => new FakePackage(
            $"pkg-{i:D4}", $"zaehlstelle-{i:D4}", $"Zählstelle {i}", from.AddMinutes(i), from.AddMinutes(i).AddTicks(1234)))];
}
