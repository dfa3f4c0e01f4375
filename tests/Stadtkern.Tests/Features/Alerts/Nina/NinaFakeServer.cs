using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Stadtkern.Tests.Features.Alerts.Nina;

/// <summary>
/// A local api31 on a free loopback port (Kestrel): serves the bodies set per path, 404 for the rest, and can hang on a path
/// (headers never come) or hang after the first bytes of a body, like a slow upstream.
/// </summary>
internal sealed class NinaFakeServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, string> bodies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> hanging = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> hits = new(StringComparer.Ordinal);

    private NinaFakeServer(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<NinaFakeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new NinaFakeServer(app);
        app.Run(server.ServeAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/') + "/api31";
        return server;
    }

    /// <summary>Serve <paramref name="body"/> at <paramref name="path"/> (relative to /api31/), or stop serving it (null).</summary>
    public void Set(string path, string? body)
    {
        if (body is null)
        {
            bodies.TryRemove(path, out _);
        }
        else
        {
            bodies[path] = body;
        }
    }

    /// <summary>The request sends its headers and the first bytes of the body, then nothing more.</summary>
    public void Hang(string path) => hanging[path] = true;

    public int Hits(string path) => hits.GetValueOrDefault(path);

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.TrimStart('/');
        path = path.StartsWith("api31/", StringComparison.Ordinal) ? path["api31/".Length..] : path;
        hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (hanging.ContainsKey(path))
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("[{\"id\":", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(5), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }

            return;
        }

        if (!bodies.TryGetValue(path, out var body))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = path.EndsWith(".geojson", StringComparison.Ordinal) ? "application/geo+json" : "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
