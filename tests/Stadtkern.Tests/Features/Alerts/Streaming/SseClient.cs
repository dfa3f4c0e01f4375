using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Features.Alerts.Publishing;

namespace Stadtkern.Tests.Features.Alerts.Streaming;

/// <summary>One SSE event as a client parses it.</summary>
internal sealed record SseEvent(string? Id, string? Event, string Data)
{
    public JsonNode Json => JsonNode.Parse(Data)!;
}

/// <summary>Reads a text/event-stream response line by line (per the SSE parsing rules: fields, comments, blank line ends an event).</summary>
internal sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage response;
    private readonly Channel<SseEvent> events = Channel.CreateUnbounded<SseEvent>();
    private readonly CancellationTokenSource stop = new();
    private readonly Task reading;
    private readonly TaskCompletionSource opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SseClient(HttpResponseMessage response)
    {
        this.response = response;
        reading = Task.Run(ReadAsync);
    }

    public int Comments { get; private set; }

    public static async Task<SseClient> ConnectAsync(HttpClient http, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        var client = new SseClient(response);
        await client.opened.Task.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        return client;
    }

    /// <summary>The next event, or a timeout.</summary>
    public async Task<SseEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(20));
        return await events.Reader.ReadAsync(cts.Token);
    }

    /// <summary>True when no event arrives within <paramref name="wait"/>.</summary>
    public async Task<bool> QuietAsync(TimeSpan wait)
    {
        await Task.Delay(wait, TestContext.Current.CancellationToken);
        return !events.Reader.TryPeek(out _);
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
            using var reader = new StreamReader(body, Encoding.UTF8);
            string? id = null, name = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        events.Writer.TryWrite(new SseEvent(id, name, data.ToString().TrimEnd('\n')));
                    }

                    id = name = null;
                    data.Clear();
                    continue;
                }

                if (line.StartsWith(':'))
                {
                    Comments++;
                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
                switch (field)
                {
                    case "id": id = value; break;
                    case "event": name = value; break;
                    case "data": data.Append(value).Append('\n'); break;
                    case "retry": opened.TrySetResult(); break;
                }
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
        finally
        {
            events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        response.Dispose();
        await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }
}

/// <summary>Publishes simple alerts through the app's own publisher.</summary>
internal static class TestAlerts
{
    public static CapAlert Cap(string headline, string? identifier = null, string msgType = "Alert", IReadOnlyList<string>? references = null)
    {
        var now = DateTimeOffset.UtcNow;
        var info = new CapInfo("de-DE", ["Safety"], "Test", [], "Immediate", "Severe", "Observed", null, [], now, null, now.AddHours(2), null,
            headline, "Beschreibung", null, null, null, [], [], [new CapArea("Innenstadt", [], [], [])]);
        return new CapAlert(identifier ?? "test-" + Guid.NewGuid().ToString("N"), "leitstelle@musterstadt.example", now.AddSeconds(-1), "Actual", msgType,
            "Public", null, null, null, [], null, references ?? [], null, msgType == "Cancel" ? [] : [info]);
    }

    public static async Task<PublishOutcome> PublishAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, CapAlert alert, string tenant = "demo")
    {
        var tenantInfo = await app.Services.GetRequiredService<Stadtkern.Platform.Tenancy.TenantDirectory>().FindAsync(tenant, CancellationToken.None)
            ?? throw new InvalidOperationException("no tenant " + tenant);
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Stadtkern.Platform.Tenancy.TenantContext>().Set(tenantInfo);
        return await scope.ServiceProvider.GetRequiredService<IAlertPublisher>().PublishAsync(alert, new AlertOrigin(AlertSource.Staff, "test@musterstadt.example"), CancellationToken.None);
    }
}
