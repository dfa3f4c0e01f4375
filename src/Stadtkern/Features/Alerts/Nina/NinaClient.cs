using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Stadtkern.Features.Alerts.Nina;

/// <summary>
/// Reads the api31 over HTTP: every request has a short time limit that covers the body too (a server that sends headers
/// and then hangs is cut off), a size limit, and a few retries with growing pauses for timeouts, network errors and 5xx.
/// A 404 is an answer (the warning is gone), not an error to retry.
/// </summary>
internal sealed partial class NinaClient(IHttpClientFactory clients, IOptionsMonitor<NinaOptions> options, ILogger<NinaClient> logger)
{
    public const string HttpClientName = "nina";

    public Task<JsonDocument?> DashboardAsync(string kreisArs, CancellationToken ct) => GetAsync($"dashboard/{kreisArs}.json", ct);

    public Task<JsonDocument?> MapDataAsync(string provider, CancellationToken ct) => GetAsync($"{provider}/mapData.json", ct);

    public Task<JsonDocument?> WarningAsync(string id, CancellationToken ct) => GetAsync($"warnings/{Uri.EscapeDataString(id)}.json", ct);

    public Task<JsonDocument?> WarningGeoJsonAsync(string id, CancellationToken ct) => GetAsync($"warnings/{Uri.EscapeDataString(id)}.geojson", ct);

    /// <returns>The parsed document, or null on 404.</returns>
    /// <exception cref="NinaFetchException">Every attempt failed, or the body is not JSON.</exception>
    private async Task<JsonDocument?> GetAsync(string path, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        var url = new Uri(settings.BaseUrl.TrimEnd('/') + "/" + path);
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
            string failure;
            try
            {
                var http = clients.CreateClient(HttpClientName);
                using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    failure = $"HTTP {(int)response.StatusCode}";
                }
                else if (!response.IsSuccessStatusCode)
                {
                    throw new NinaFetchException($"{url}: HTTP {(int)response.StatusCode}");
                }
                else
                {
                    if (response.Content.Headers.ContentLength > settings.MaxResponseBytes)
                    {
                        throw new NinaFetchException($"{url}: the response is larger than {settings.MaxResponseBytes} bytes.");
                    }

                    await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
                    await using var limited = new LimitedStream(body, settings.MaxResponseBytes);
                    try
                    {
                        return await JsonDocument.ParseAsync(limited, default, timeout.Token);
                    }
                    catch (JsonException e)
                    {
                        throw new NinaFetchException($"{url}: the response is not valid JSON ({e.Message})");
                    }
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                failure = $"no complete answer within {settings.TimeoutSeconds} s";
            }
            catch (HttpRequestException e)
            {
                failure = e.Message;
            }
            catch (IOException e) when (e is not LimitExceededException)
            {
                failure = e.Message;
            }
            catch (LimitExceededException)
            {
                throw new NinaFetchException($"{url}: the response is larger than {settings.MaxResponseBytes} bytes.");
            }

            if (attempt >= settings.Retries)
            {
                throw new NinaFetchException($"{url}: {failure} (after {attempt + 1} attempts)");
            }

            LogRetry(logger, url, failure, attempt + 1);
            await Task.Delay(TimeSpan.FromMilliseconds(500 * (1 << attempt)), ct);
        }
    }

    public static void Register(IServiceCollection services) =>
        services.AddHttpClient(HttpClientName, c =>
            {
                c.Timeout = Timeout.InfiniteTimeSpan; // the per-request limit comes from NinaOptions
                c.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Stadtkern-NINA-Import", "1.0"));
                c.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });

    [LoggerMessage(Level = LogLevel.Information, Message = "NINA: {Url} failed ({Reason}); attempt {Attempt} is retried")]
    private static partial void LogRetry(ILogger logger, Uri url, string reason, int attempt);

    private sealed class LimitExceededException() : IOException("Response too large.");

    /// <summary>Stops reading once more than the limit has arrived.</summary>
    private sealed class LimitedStream(System.IO.Stream inner, long limit) : System.IO.Stream
    {
        private long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int n)
        {
            read += n;
            return read > limit ? throw new LimitExceededException() : n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>A request to the warning API failed for good (after retries), or its answer was unusable.</summary>
internal sealed class NinaFetchException(string message) : Exception(message);
