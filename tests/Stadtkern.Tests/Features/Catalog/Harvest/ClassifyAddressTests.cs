using System.Net;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Catalog.Harvest;

namespace Stadtkern.Tests.Features.Catalog.Harvest;

public sealed class ClassifyAddressTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("::127.0.0.1")]
    public void Private_loopback_link_local_and_special_addresses_are_not_public(string address) =>
        ClassifyAddress.WhyNotPublic(IPAddress.Parse(address)).ShouldNotBeNull();

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("193.175.0.1")]
    [InlineData("2a00:1450:4001::1")]
    [InlineData("::ffff:8.8.8.8")]
    public void Ordinary_internet_addresses_are_public(string address) =>
        ClassifyAddress.WhyNotPublic(IPAddress.Parse(address)).ShouldBeNull();

    [Fact]
    public void Ranges_parse_with_and_without_prefix()
    {
        ClassifyAddress.TryParseRange("10.1.0.0/16", out var network, out var prefix).ShouldBeTrue();
        ClassifyAddress.InRange(IPAddress.Parse("10.1.200.3"), network, prefix).ShouldBeTrue();
        ClassifyAddress.InRange(IPAddress.Parse("10.2.0.1"), network, prefix).ShouldBeFalse();
        ClassifyAddress.TryParseRange("fd00::/8", out network, out prefix).ShouldBeTrue();
        ClassifyAddress.InRange(IPAddress.Parse("fd12::1"), network, prefix).ShouldBeTrue();
        ClassifyAddress.TryParseRange("127.0.0.1", out _, out prefix).ShouldBeTrue();
        prefix.ShouldBe(32);
        ClassifyAddress.TryParseRange("10.0.0.0/33", out _, out _).ShouldBeFalse();
        ClassifyAddress.TryParseRange("daten.example", out _, out _).ShouldBeFalse();
    }
}

public sealed class HarvestNetworkGuardTests
{
    private static readonly Dictionary<string, IPAddress[]> Dns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["metadata.example"] = [IPAddress.Parse("169.254.169.254")],
        ["intern.example"] = [IPAddress.Parse("10.0.0.1")],
        ["gemischt.example"] = [IPAddress.Parse("93.184.215.14"), IPAddress.Parse("192.168.0.10")],
        ["daten.example"] = [IPAddress.Parse("93.184.215.14")],
    };

    private static HarvestNetworkGuard Guard(params string[] allowed) => new(
        new FixedOptions(new HarvestOptions { AllowedHosts = [.. allowed] }),
        (host, _) => Task.FromResult(Dns.TryGetValue(host, out var a) ? a : []));

    [Theory]
    [InlineData("metadata.example")]
    [InlineData("intern.example")]
    [InlineData("gemischt.example")]
    [InlineData("10.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("[::1]")]
    public async Task Hosts_resolving_to_private_or_metadata_addresses_are_refused(string host)
    {
        var refused = await Should.ThrowAsync<HarvestBlockedException>(() => Guard().CheckAsync(host, allowPrivate: false, TestContext.Current.CancellationToken));
        refused.Message.ShouldContain("verweigert");
    }

    [Fact]
    public async Task Public_hosts_pass_with_the_addresses_that_were_checked()
    {
        var addresses = await Guard().CheckAsync("daten.example", allowPrivate: false, TestContext.Current.CancellationToken);
        addresses.ShouldBe([IPAddress.Parse("93.184.215.14")]);
    }

    [Fact]
    public async Task The_operator_allow_list_admits_hosts_by_name_address_or_range()
    {
        var ct = TestContext.Current.CancellationToken;
        (await Guard("intern.example").CheckAsync("intern.example", false, ct)).ShouldBe([IPAddress.Parse("10.0.0.1")]);
        (await Guard("10.0.0.0/8").CheckAsync("intern.example", false, ct)).ShouldBe([IPAddress.Parse("10.0.0.1")]);
        (await Guard("127.0.0.1").CheckAsync("127.0.0.1", false, ct)).ShouldBe([IPAddress.Loopback]);
        (await Guard().CheckAsync("intern.example", allowPrivate: true, ct)).ShouldBe([IPAddress.Parse("10.0.0.1")]);
        await Should.ThrowAsync<HarvestBlockedException>(() => Guard("10.0.0.0/8").CheckAsync("metadata.example", false, ct));
    }

    [Fact]
    public async Task A_host_without_addresses_is_refused() =>
        await Should.ThrowAsync<HarvestBlockedException>(() => Guard().CheckAsync("nirgends.example", false, TestContext.Current.CancellationToken));

    private sealed class FixedOptions(HarvestOptions value) : IOptionsMonitor<HarvestOptions>
    {
        public HarvestOptions CurrentValue => value;

        public HarvestOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<HarvestOptions, string?> listener) => null;
    }
}
