using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Stadtkern.Tests.Features.Alerts.Displays;

/// <summary>A real HTTP server on 127.0.0.1 playing a departure board: a good board, a broken one (500), one that never answers and
/// one that sends something other than a board.</summary>
internal sealed class FakeDeparturesServer : IAsyncDisposable
{
    public const string Board = """
        {"departures": [
          {"line": "683", "direction": "Hauptbahnhof", "planned": "2026-11-22T08:12:00Z", "expected": "2026-11-22T08:14:00Z", "platform": "2"},
          {"line": "S7", "destination": "Wuppertal", "time": "2026-11-22T08:05:00Z"}
        ]}
        """;

    private readonly WebApplication app;

    private FakeDeparturesServer(WebApplication app) => this.app = app;

    public string Url => app.Urls.First();

    public int Requests;

    public static async Task<FakeDeparturesServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeDeparturesServer(app);
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref server.Requests);
            return next(context);
        });
        app.MapGet("/board.json", () => Results.Text(Board, "application/json"));
        app.MapGet("/broken.json", () => Results.StatusCode(StatusCodes.Status500InternalServerError));
        app.MapGet("/html", () => Results.Text("<html>Wartungsarbeiten</html>", "text/html"));
        app.MapGet("/hang.json", async (HttpContext context) => await Task.Delay(Timeout.Infinite, context.RequestAborted));
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
