using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Stadtkern.Tests.Features.Catalog.Harvest;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, free port) that plays a remote catalogue: a CKAN package_search over an
/// editable package list, DCAT pages, and misbehaving endpoints (never answers, endless body, XXE).
/// </summary>
internal sealed class FakeCatalogServer : IAsyncDisposable
{
    private readonly WebApplication app;

    public ConcurrentDictionary<string, FakePackage> Packages { get; } = new(StringComparer.Ordinal);

    /// <summary>DCAT documents by path (e.g. <c>/catalog.ttl</c>) with their media type.</summary>
    public ConcurrentDictionary<string, (string MediaType, string Body)> Documents { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>When set, a package_search with this <c>start</c> waits for <see cref="Gate"/> after signalling <see cref="GateReached"/>.</summary>
    public int? GateAtStart { get; set; }

    public TaskCompletionSource GateReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeCatalogServer(WebApplication app) => this.app = app;

    public string Url => app.Urls.First();

    public int Port => new Uri(Url).Port;

    public static async Task<FakeCatalogServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeCatalogServer(app);
        app.Use((context, next) =>
        {
            server.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            return next(context);
        });
        app.MapGet("/api/3/action/package_search", (Delegate)server.PackageSearchAsync);
        app.MapGet("/hang/api/3/action/package_search", async (HttpContext context) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        app.MapGet("/huge/api/3/action/package_search", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)' ');
            await context.Response.WriteAsync("{\"success\": true, \"result\": {\"count\": 1, \"results\": [", context.RequestAborted);
            for (var i = 0; i < 1024; i++)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        app.MapGet("/dcat/{**path}", (HttpContext context) =>
            server.Documents.TryGetValue(context.Request.Path.Value!["/dcat".Length..] + context.Request.QueryString, out var document)
                ? Results.Text(document.Body, document.MediaType)
                : Results.NotFound());
        await app.StartAsync();
        return server;
    }

    private async Task<IResult> PackageSearchAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var rows = int.Parse(query["rows"].FirstOrDefault() ?? "10", CultureInfo.InvariantCulture);
        var start = int.Parse(query["start"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
        if (GateAtStart == start && query["fl"].Count == 0)
        {
            GateReached.TrySetResult();
            await Gate.Task.WaitAsync(context.RequestAborted);
        }

        IEnumerable<FakePackage> packages = Packages.Values;
        var fq = query["fq"].FirstOrDefault();
        if (fq is not null && fq.StartsWith("metadata_modified:[", StringComparison.Ordinal))
        {
            var since = DateTimeOffset.Parse(fq["metadata_modified:[".Length..fq.IndexOf(" TO", StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            packages = packages.Where(p => p.Modified >= since);
        }

        var sorted = (query["sort"].FirstOrDefault() ?? "").StartsWith("metadata_created", StringComparison.Ordinal)
            ? packages.OrderBy(p => p.Created).ThenBy(p => p.Id, StringComparer.Ordinal).ToList()
            : packages.OrderBy(p => p.Modified).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
        var page = sorted.Skip(start).Take(rows);
        var idsOnly = query["fl"].FirstOrDefault() == "id";
        var results = new JsonArray([.. page.Select(p => idsOnly ? new JsonObject { ["id"] = p.Id } : p.ToJson())]);
        var body = new JsonObject
        {
            ["help"] = "package_search",
            ["success"] = true,
            ["result"] = new JsonObject { ["count"] = sorted.Count, ["results"] = results },
        };
        return Results.Text(body.ToJsonString(), "application/json");
    }

    public async ValueTask DisposeAsync()
    {
        Gate.TrySetResult();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

internal sealed record FakePackage(string Id, string Name, string Title, DateTimeOffset Created, DateTimeOffset Modified, string Organization = "verkehrsamt")
{
    private static readonly string[] Themes = ["http://publications.europa.eu/resource/authority/data-theme/TRAN"];

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["title"] = Title,
        ["notes"] = "Beschreibung von " + Title,
        ["metadata_created"] = Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        ["metadata_modified"] = Modified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        ["license_id"] = "dl-by-de/2.0",
        ["maintainer_email"] = "daten@nachbarstadt.example",
        ["organization"] = new JsonObject { ["name"] = Organization, ["title"] = "Verkehrsamt Nachbarstadt" },
        ["tags"] = new JsonArray(new JsonObject { ["name"] = "Verkehr" }, new JsonObject { ["name"] = "Zählung & Statistik" }),
        ["extras"] = new JsonArray(
            new JsonObject { ["key"] = "theme", ["value"] = JsonSerializer.Serialize(Themes) },
            new JsonObject { ["key"] = "temporal_start", ["value"] = "2020-01-01" },
            new JsonObject { ["key"] = "quelle", ["value"] = "Zählstelle" }),
        ["resources"] = new JsonArray(new JsonObject
        {
            ["id"] = Id + "-r1",
            ["name"] = "CSV",
            ["url"] = "https://daten.nachbarstadt.example/" + Name + ".csv",
            ["format"] = "CSV",
            ["size"] = 1234,
        }),
    };
}
