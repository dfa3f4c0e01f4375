using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>A harvest request was refused before it left the machine.</summary>
internal sealed class HarvestBlockedException(string message) : Exception(message);

/// <summary>
/// The SSRF guard. It runs inside the HTTP handler's connect step: the host is resolved once, every address is
/// checked, and the socket connects to exactly the checked addresses, so a DNS answer that changes between a
/// check and the connection (rebinding) cannot slip through. Redirect targets open new connections and pass here too.
/// </summary>
internal sealed class HarvestNetworkGuard(IOptionsMonitor<HarvestOptions> options, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> resolve = resolve ?? Dns.GetHostAddressesAsync;

    /// <summary>The addresses of <paramref name="host"/> this request may connect to; throws when none may be used.</summary>
    public async Task<IPAddress[]> CheckAsync(string host, bool allowPrivate, CancellationToken cancellationToken)
    {
        var bare = host.Trim('[', ']');
        var addresses = IPAddress.TryParse(bare, out var literal) ? [literal] : await resolve(bare, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new HarvestBlockedException($"Der Host „{host}“ hat keine Adresse.");
        }

        if (allowPrivate || IsAllowedName(bare))
        {
            return addresses;
        }

        var refused = addresses.Select(a => (Address: a, Reason: ClassifyAddress.WhyNotPublic(a)))
            .Where(a => a.Reason is not null && !IsAllowedAddress(a.Address)).ToList();
        if (refused.Count > 0)
        {
            // One bad address is enough to refuse: a host that answers with public and private addresses is suspicious.
            var first = refused[0];
            throw new HarvestBlockedException(
                $"Zugriff auf {host} ({first.Address}) verweigert: {first.Reason}. Ein Betreiber kann den Host in Catalog:Harvest:AllowedHosts freigeben.");
        }

        return addresses;
    }

    /// <summary>The handler's connect callback: check, then connect to the checked addresses only.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = await CheckAsync(context.DnsEndPoint.Host, allowPrivate, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private bool IsAllowedName(string host) =>
        options.CurrentValue.AllowedHosts.Any(h => string.Equals(h.Trim(), host, StringComparison.OrdinalIgnoreCase));

    private bool IsAllowedAddress(IPAddress address) =>
        options.CurrentValue.AllowedHosts.Any(h => ClassifyAddress.TryParseRange(h.Trim(), out var network, out var prefix)
            && ClassifyAddress.InRange(address, network, prefix));
}
