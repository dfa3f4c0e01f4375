using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Stadtkern.Features.Alerts.Push;

namespace Stadtkern.Tests.Features.Alerts.Push;

/// <summary>
/// A push service on loopback, standing in for the browser vendors' ones: it holds each subscription's private key (as the
/// browser would), checks the VAPID JWT against the k= key (signature, aud = its own origin, exp within 24 h, sub a
/// mailto:/https: contact) and decrypts what it receives. Per subscription it answers 201, 410 (gone) or a sequence of statuses.
/// </summary>
internal sealed class LocalPushService : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Browser> browsers = new(StringComparer.Ordinal);

    public sealed record Received(string Subscription, string Plaintext, string Ttl, string Urgency, string? Topic, string Audience, string Subject, string VapidKey);

    private sealed class Browser(ECDiffieHellman key, byte[] auth) : IDisposable
    {
        public ECDiffieHellman Key { get; } = key;
        public byte[] Auth { get; } = auth;
        public ConcurrentQueue<int> Answers { get; } = new();
        public int Answer { get; set; } = 201;
        public void Dispose() => Key.Dispose();
    }

    public ConcurrentBag<Received> Messages { get; } = [];

    public ConcurrentBag<string> Refusals { get; } = [];

    public string Origin { get; }

    private LocalPushService(WebApplication app, string origin)
    {
        this.app = app;
        Origin = origin;
    }

    public static async Task<LocalPushService> StartAsync()
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var service = new LocalPushService(app, $"http://127.0.0.1:{port}");
        app.MapPost("/push/{id}", service.ReceiveAsync);
        await app.StartAsync();
        return service;
    }

    /// <summary>A browser's subscription JSON for a new key pair on this service.</summary>
    public object Subscribe(string id, string[]? districts = null, string[]? topics = null, int answer = 201)
    {
        var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var auth = RandomNumberGenerator.GetBytes(16);
        browsers[id] = new Browser(key, auth) { Answer = answer };
        return new
        {
            endpoint = Endpoint(id),
            expirationTime = (object?)null,
            keys = new { p256dh = Base64Url.EncodeToString(P256Keys.ExportPublicKey(key)), auth = Base64Url.EncodeToString(auth) },
            districts = districts ?? [],
            topics = topics ?? ["alerts"],
        };
    }

    public string Endpoint(string id) => $"{Origin}/push/{id}";

    /// <summary>The next answers for <paramref name="id"/> before its default one (e.g. 429 then 503).</summary>
    public void AnswerNext(string id, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            browsers[id].Answers.Enqueue(status);
        }
    }

    private async Task<IResult> ReceiveAsync(string id, HttpRequest request)
    {
        if (!browsers.TryGetValue(id, out var browser))
        {
            return Results.StatusCode(404);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var problem = CheckVapid(request.Headers.Authorization.ToString(), out var audience, out var subject, out var vapidKey);
        if (problem is not null)
        {
            Refusals.Add(problem);
            return Results.StatusCode(403);
        }

        if (request.Headers.ContentEncoding != "aes128gcm" || string.IsNullOrEmpty(request.Headers["TTL"]))
        {
            Refusals.Add("missing Content-Encoding aes128gcm or TTL");
            return Results.StatusCode(400);
        }

        if (browser.Answers.TryDequeue(out var next) && next != 201)
        {
            return Results.StatusCode(next);
        }

        if (browser.Answer != 201)
        {
            return Results.StatusCode(browser.Answer);
        }

        string plaintext;
        try
        {
            plaintext = Encoding.UTF8.GetString(WebPushEncryption.Decrypt(buffer.ToArray(), browser.Key, browser.Auth));
        }
        catch (CryptographicException e)
        {
            Refusals.Add("decryption failed: " + e.Message);
            return Results.StatusCode(400);
        }

        Messages.Add(new Received(id, plaintext, request.Headers["TTL"].ToString(), request.Headers["Urgency"].ToString(),
            request.Headers["Topic"].FirstOrDefault(), audience, subject, vapidKey));
        return Results.StatusCode(201);
    }

    /// <summary>RFC 8292 section 4.2, independent of the code under test: parse, verify ES256 with k, check the claims.</summary>
    private string? CheckVapid(string header, out string audience, out string subject, out string vapidKey)
    {
        audience = subject = vapidKey = "";
        if (!header.StartsWith("vapid ", StringComparison.Ordinal))
        {
            return "no vapid scheme";
        }

        var parameters = header[6..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parameters.TryGetValue("t", out var token) || !parameters.TryGetValue("k", out var k))
        {
            return "t or k missing";
        }

        vapidKey = k;
        var parts = token.Split('.');
        var publicKey = Base64Url.DecodeFromChars(k);
        using var verifier = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = publicKey[1..33], Y = publicKey[33..65] },
        });
        if (parts.Length != 3 || !verifier.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256))
        {
            return "bad signature";
        }

        using var header0 = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        audience = claims.RootElement.GetProperty("aud").GetString()!;
        subject = claims.RootElement.GetProperty("sub").GetString()!;
        var expires = DateTimeOffset.FromUnixTimeSeconds(claims.RootElement.GetProperty("exp").GetInt64());
        if (header0.RootElement.GetProperty("alg").GetString() != "ES256")
        {
            return "alg is not ES256";
        }

        if (audience != Origin)
        {
            return $"aud {audience} is not {Origin}";
        }

        if (expires <= DateTimeOffset.UtcNow || expires > DateTimeOffset.UtcNow.AddHours(24))
        {
            return "exp not within 24 hours";
        }

        return subject.StartsWith("mailto:", StringComparison.Ordinal) || subject.StartsWith("https:", StringComparison.Ordinal)
            ? null
            : "sub is not a mailto: or https: contact";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        foreach (var browser in browsers.Values)
        {
            browser.Dispose();
        }
    }
}
