using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>A request to a source failed (status, timeout, size, refused address); the message is German and shown to stewards.</summary>
internal sealed class HarvestFetchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A fetched document: where it finally came from, its media type and its body.</summary>
internal sealed record FetchedDocument(Uri Url, string? MediaType, byte[] Body);

/// <summary>
/// Every harvest request goes through here: one pooled client per trust level from <see cref="IHttpClientFactory"/>
/// whose handler connects only through <see cref="HarvestNetworkGuard"/>, no proxy, a timeout per request
/// (headers and body), redirects followed by hand and checked again, and bodies counted while they stream
/// and aborted past the size limit (after decompression, so a compressed bomb stops too).
/// </summary>
internal sealed class HarvestHttp(IHttpClientFactory clients, IOptionsMonitor<HarvestOptions> options)
{
    public const string PublicClient = "harvest";

    public const string PrivateClient = "harvest-private";

    public async Task<FetchedDocument> GetAsync(Uri url, string accept, bool allowPrivate, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var client = clients.CreateClient(allowPrivate ? PrivateClient : PublicClient);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, settings.RequestTimeoutSeconds)));
        var current = url;
        try
        {
            for (var hop = 0; ; hop++)
            {
                if (current.Scheme != Uri.UriSchemeHttp && current.Scheme != Uri.UriSchemeHttps)
                {
                    throw new HarvestFetchException($"Nur http- und https-Adressen werden geerntet, nicht {current.Scheme}:.");
                }

                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.Accept.ParseAdd(accept);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (hop >= settings.MaxRedirects)
                    {
                        throw new HarvestFetchException($"Zu viele Weiterleitungen (mehr als {settings.MaxRedirects}) ab {url}.");
                    }

                    current = location.IsAbsoluteUri ? location : new Uri(current, location);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new HarvestFetchException($"{current} antwortet mit HTTP {(int)response.StatusCode}.");
                }

                var body = await ReadLimitedAsync(response.Content, settings.MaxResponseBytes, current, timeout.Token);
                return new FetchedDocument(current, response.Content.Headers.ContentType?.MediaType, body);
            }
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new HarvestFetchException($"Zeitüberschreitung: {current} hat nicht innerhalb von {settings.RequestTimeoutSeconds} s geantwortet.", e);
        }
        catch (HttpRequestException e) when (e.InnerException is HarvestBlockedException blocked)
        {
            throw new HarvestFetchException(blocked.Message, e);
        }
        catch (HarvestBlockedException e)
        {
            throw new HarvestFetchException(e.Message, e);
        }
        catch (HttpRequestException e)
        {
            throw new HarvestFetchException($"{current} ist nicht erreichbar: {e.Message}", e);
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, long limit, Uri url, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > limit)
        {
            throw TooLarge(url, limit);
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(url, limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static HarvestFetchException TooLarge(Uri url, long limit) =>
        new($"Die Antwort von {url} ist größer als die Grenze von {limit} Bytes und wurde abgebrochen.");

    private static bool IsRedirect(HttpStatusCode code) =>
        code is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>Registers both clients; their handlers connect only through the guard and never through a proxy.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton(sp => new HarvestNetworkGuard(sp.GetRequiredService<IOptionsMonitor<HarvestOptions>>()));
        foreach (var (name, allowPrivate) in new[] { (PublicClient, false), (PrivateClient, true) })
        {
            services.AddHttpClient(name, c =>
                {
                    c.Timeout = Timeout.InfiniteTimeSpan; // per-request limits come from HarvestOptions
                    c.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Stadtkern-Harvester", "1.0"));
                })
                .ConfigurePrimaryHttpMessageHandler(sp =>
                {
                    var guard = sp.GetRequiredService<HarvestNetworkGuard>();
                    return new SocketsHttpHandler
                    {
                        AllowAutoRedirect = false,
                        UseProxy = false,
                        UseCookies = false,
                        AutomaticDecompression = DecompressionMethods.All,
                        ConnectTimeout = TimeSpan.FromSeconds(15),
                        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                        ConnectCallback = (context, ct) => guard.ConnectAsync(context, allowPrivate, ct),
                    };
                });
        }
    }
}
