using System.Net;
using System.Net.Sockets;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>
/// Decides whether an IP address is on the public internet. Harvest requests go only to public addresses,
/// so a source cannot be pointed at the instance itself, the internal network or a cloud metadata service.
/// </summary>
internal static class ClassifyAddress
{
    private static readonly (IPAddress Network, int Prefix, string Reason)[] BlockedV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8, "unspezifizierte Adresse"),
        (IPAddress.Parse("127.0.0.0"), 8, "Loopback"),
        (IPAddress.Parse("10.0.0.0"), 8, "privates Netz"),
        (IPAddress.Parse("172.16.0.0"), 12, "privates Netz"),
        (IPAddress.Parse("192.168.0.0"), 16, "privates Netz"),
        (IPAddress.Parse("169.254.0.0"), 16, "Link-local (auch Metadatendienste)"),
        (IPAddress.Parse("100.64.0.0"), 10, "Carrier-Grade-NAT"),
        (IPAddress.Parse("192.0.0.0"), 24, "IETF-Protokollzuweisung"),
        (IPAddress.Parse("198.18.0.0"), 15, "Testnetz"),
        (IPAddress.Parse("224.0.0.0"), 4, "Multicast"),
        (IPAddress.Parse("240.0.0.0"), 4, "reserviert/Broadcast"),
    ];

    private static readonly (IPAddress Network, int Prefix, string Reason)[] BlockedV6 =
    [
        (IPAddress.Parse("fc00::"), 7, "Unique Local Address"),
        (IPAddress.Parse("fe80::"), 10, "Link-local"),
        (IPAddress.Parse("fec0::"), 10, "Site-local"),
        (IPAddress.Parse("ff00::"), 8, "Multicast"),
    ];

    private static readonly IPAddress Nat64 = IPAddress.Parse("64:ff9b::");

    /// <summary>Null for a public address, otherwise why it is refused (German).</summary>
    public static string? WhyNotPublic(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                return WhyNotPublic(address.MapToIPv4());
            }

            if (address.Equals(IPAddress.IPv6Loopback))
            {
                return "Loopback";
            }

            if (address.Equals(IPAddress.IPv6None))
            {
                return "unspezifizierte Adresse";
            }

            var bytes = address.GetAddressBytes();

            // IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses carry an IPv4 address.
            if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 || InRange(address, Nat64, 96))
            {
                return WhyNotPublic(new IPAddress(bytes.AsSpan(12, 4)));
            }

            return BlockedV6.Where(b => InRange(address, b.Network, b.Prefix)).Select(b => b.Reason).FirstOrDefault();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return BlockedV4.Where(b => InRange(address, b.Network, b.Prefix)).Select(b => b.Reason).FirstOrDefault();
        }

        return "unbekannte Adressfamilie";
    }

    public static bool IsPublic(IPAddress address) => WhyNotPublic(address) is null;

    /// <summary>True when <paramref name="address"/> lies in <paramref name="network"/>/<paramref name="prefix"/> (same family).</summary>
    public static bool InRange(IPAddress address, IPAddress network, int prefix)
    {
        if (address.IsIPv4MappedToIPv6 && network.AddressFamily == AddressFamily.InterNetwork)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != network.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var whole = prefix / 8;
        if (!a.AsSpan(0, whole).SequenceEqual(n.AsSpan(0, whole)))
        {
            return false;
        }

        var rest = prefix % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (n[whole] & mask);
    }

    /// <summary>Parses <c>10.0.0.0/8</c> or a single address (then the prefix is the full length).</summary>
    public static bool TryParseRange(string text, out IPAddress network, out int prefix)
    {
        prefix = 0;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressPart = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressPart.Trim('[', ']'), out network!))
        {
            return false;
        }

        var max = network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (slash < 0)
        {
            prefix = max;
            return true;
        }

        return int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix)
            && prefix >= 0 && prefix <= max;
    }
}
