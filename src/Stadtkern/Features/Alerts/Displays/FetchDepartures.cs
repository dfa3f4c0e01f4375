using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Stadtkern.Features.Alerts.Displays;

/// <summary>One departure on a board.</summary>
internal sealed record Departure(string Line, string Direction, DateTimeOffset? Planned, DateTimeOffset? Expected, string? Platform, bool Cancelled);

/// <summary>A fetched board, or why there is none (<see cref="Error"/> in German, for the screen and for staff).</summary>
internal sealed record DepartureBoard(IReadOnlyList<Departure> Departures, DateTimeOffset FetchedAt, string? Error)
{
    public bool Available => Error is null;
}

/// <summary>
/// Fetches a departure board from the URL staff configured on a tile, server-side (displays never call third parties), with a short
/// timeout, a size limit and a cache shared by every display showing that URL. Failure of any kind (timeout, HTTP error, not JSON,
/// unknown shape) gives a board with an <see cref="DepartureBoard.Error"/>, never an exception: one broken upstream must not take the
/// whole display content down. Failures are cached too, so a dead upstream is not hammered by every poll.
/// <para>Accepted JSON: an array of departures, or an object with a <c>departures</c> array. Each departure has <c>line</c>,
/// <c>direction</c> (or <c>destination</c>), <c>planned</c> (or <c>time</c>/<c>departure</c>), optional <c>expected</c> (or
/// <c>realtime</c>), <c>platform</c> and <c>cancelled</c>; times are ISO 8601.</para>
/// </summary>
internal sealed partial class FetchDepartures(
    IHttpClientFactory http, IMemoryCache cache, TimeProvider clock, IOptions<DisplayOptions> options, ILogger<FetchDepartures> logger)
{
    public const string HttpClientName = "displays-departures";
    public const int MaxDepartures = 12;

    public async Task<DepartureBoard> GetAsync(string url, CancellationToken cancellationToken)
    {
        var key = "displays:departures:" + url;
        if (cache.TryGetValue(key, out DepartureBoard? cached) && cached is not null)
        {
            return cached;
        }

        var board = await FetchAsync(url, cancellationToken);
        cache.Set(key, board, TimeSpan.FromSeconds(Math.Max(1, options.Value.DeparturesCacheSeconds)));
        return board;
    }

    private async Task<DepartureBoard> FetchAsync(string url, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(o.DeparturesTimeoutSeconds));
        try
        {
            using var client = http.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                LogFailed(logger, url, string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}"));
                return Failed(now, "Abfahrtsdaten sind gerade nicht verfügbar.");
            }

            if (response.Content.Headers.ContentLength > o.DeparturesMaxBytes)
            {
                LogFailed(logger, url, "too large");
                return Failed(now, "Abfahrtsdaten sind gerade nicht verfügbar.");
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var bytes = await ReadAtMostAsync(body, o.DeparturesMaxBytes, timeout.Token);
            if (bytes is null)
            {
                LogFailed(logger, url, "too large");
                return Failed(now, "Abfahrtsdaten sind gerade nicht verfügbar.");
            }

            var departures = Parse(bytes);
            if (departures is null)
            {
                LogFailed(logger, url, "unreadable JSON");
                return Failed(now, "Abfahrtsdaten sind gerade nicht lesbar.");
            }

            return new DepartureBoard(departures, now, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, url, "timeout");
            return Failed(now, "Abfahrtsdaten antworten nicht rechtzeitig.");
        }
        catch (HttpRequestException e)
        {
            LogFailed(logger, url, e.Message);
            return Failed(now, "Abfahrtsdaten sind gerade nicht erreichbar.");
        }
    }

    /// <summary>The departures in the body, the next ones first; null when the body is not a board in the accepted shape.</summary>
    internal static IReadOnlyList<Departure>? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var list = root.ValueKind == JsonValueKind.Array ? root
                : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("departures", out var inner) && inner.ValueKind == JsonValueKind.Array ? inner
                : default;
            if (list.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var departures = new List<Departure>();
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                var line = Text(item, "line");
                var direction = Text(item, "direction") ?? Text(item, "destination");
                if (line is null || direction is null)
                {
                    return null;
                }

                departures.Add(new Departure(
                    Cut(line, 20), Cut(direction, 100),
                    Time(item, "planned") ?? Time(item, "time") ?? Time(item, "departure"),
                    Time(item, "expected") ?? Time(item, "realtime"),
                    Text(item, "platform") is { } platform ? Cut(platform, 20) : null,
                    item.TryGetProperty("cancelled", out var c) && c.ValueKind == JsonValueKind.True));
            }

            return [.. departures.OrderBy(d => d.Expected ?? d.Planned ?? DateTimeOffset.MaxValue).Take(MaxDepartures)];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    private static DateTimeOffset? Time(JsonElement item, string name) =>
        Text(item, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : null;

    private static string Cut(string value, int max) => value.Length > max ? value[..max] : value;

    private static DepartureBoard Failed(DateTimeOffset now, string error) => new([], now, error);

    private static async Task<byte[]?> ReadAtMostAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Departures from {Url} unavailable: {Reason}")]
    private static partial void LogFailed(ILogger logger, string url, string reason);
}
