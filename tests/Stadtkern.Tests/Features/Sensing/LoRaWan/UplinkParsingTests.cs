using System.Text.Json.Nodes;
using Stadtkern.Features.Sensing.LoRaWan;

namespace Stadtkern.Tests.Features.Sensing.LoRaWan;

public sealed class UplinkParsingTests
{
    private static readonly string[] SameUplink =
        ["tts-soil-uplink.json", "tts-soil-uplink-gateway-1.json", "tts-soil-uplink-gateway-2.json", "tts-soil-uplink-gateway-3.json", "tts-soil-uplink.json"];

    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Uplink Tts(string fixture) => ReadTtsUplink.From(LoRaWanFixtures.Json(fixture), Now).Uplink!;

    private static Uplink ChirpStack(string fixture) => ReadChirpStackUplink.From(LoRaWanFixtures.Json(fixture), Now).Uplink!;

    [Fact]
    public void A_tts_v3_uplink_is_read_with_payload_counters_best_signal_and_receive_time()
    {
        var uplink = Tts("tts-soil-uplink.json");
        uplink.DevEui.ShouldBe("A84041000181C2F1");
        uplink.FCnt.ShouldBe(4711);
        uplink.FPort.ShouldBe(2);
        uplink.Bytes.ShouldBe(LoRaWanFixtures.Hex("0D08 00F5 0929 FF85 0200 00"));
        uplink.Decoded.ShouldBeNull();
        uplink.ReceivedAt.ShouldBe(new DateTimeOffset(2025, 6, 3, 7, 15, 2, TimeSpan.Zero).AddTicks(2894061));
        uplink.GatewayCount.ShouldBe(3);
        uplink.Rssi.ShouldBe(-97);
        uplink.Snr.ShouldBe(7.25);
        uplink.Battery.ShouldBe(87.4);
        uplink.Session.ShouldBe("AZcvmJ6x0S0cQ8j2gk1yHw==");
    }

    [Fact]
    public void A_tts_uplink_decoded_by_the_network_server_carries_the_decoded_payload()
    {
        var uplink = Tts("tts-air-uplink-decoded.json");
        uplink.DevEui.ShouldBe("A81758FFFE04A1B2");
        uplink.Decoded!["co2"]!.GetValue<double>().ShouldBe(776);
        uplink.FCnt.ShouldBe(318);
        uplink.GatewayCount.ShouldBe(1);
    }

    [Fact]
    public void Tts_messages_other_than_uplinks_are_skipped()
    {
        var parse = ReadTtsUplink.From(LoRaWanFixtures.Json("tts-join-accept.json"), Now);
        parse.Uplink.ShouldBeNull();
        parse.Problem.ShouldBeNull();
        parse.Ignored!.ShouldContain("join_accept");
    }

    [Fact]
    public void Tts_leaves_out_zero_values_so_a_missing_frame_counter_is_frame_zero()
    {
        var body = LoRaWanFixtures.Json("tts-soil-uplink.json");
        body["uplink_message"]!.AsObject().Remove("f_cnt");
        ReadTtsUplink.From(body, Now).Uplink!.FCnt.ShouldBe(0);
    }

    [Theory]
    [InlineData("end_device_ids", "end_device_ids is missing")]
    [InlineData("end_device_ids.dev_eui", "dev_eui is missing")]
    [InlineData("end_device_ids.dev_eui=12345", "16 hex digits")]
    [InlineData("uplink_message.frm_payload=***", "not valid base64")]
    [InlineData("uplink_message.f_port=-1", "non-negative integers")]
    [InlineData("uplink_message.f_cnt=1.5", "non-negative integers")]
    [InlineData("uplink_message.frm_payload", "neither frm_payload nor decoded_payload")]
    public void A_broken_tts_message_is_a_problem(string change, string problem)
    {
        var body = LoRaWanFixtures.Json("tts-soil-uplink.json");
        Apply(body, change);
        var parse = ReadTtsUplink.From(body, Now);
        parse.Uplink.ShouldBeNull();
        parse.Problem!.ShouldContain(problem);
    }

    internal static void Apply(JsonObject body, string change)
    {
        var (path, value) = change.Contains('=', StringComparison.Ordinal)
            ? (change[..change.IndexOf('=', StringComparison.Ordinal)], change[(change.IndexOf('=', StringComparison.Ordinal) + 1)..])
            : (change, null);
        var parts = path.Split('.');
        var parent = body;
        foreach (var part in parts[..^1])
        {
            parent = parent[part]!.AsObject();
        }

        if (value is null)
        {
            parent.Remove(parts[^1]);
        }
        else
        {
            parent[parts[^1]] = double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : JsonValue.Create(value);
        }
    }

    [Fact]
    public void A_chirpstack_v4_up_event_is_read()
    {
        var uplink = ChirpStack("chirpstack-v4-air-up.json");
        uplink.DevEui.ShouldBe("A81758FFFE04A1B2");
        uplink.FCnt.ShouldBe(318);
        uplink.FPort.ShouldBe(5);
        uplink.Bytes.ShouldBe(LoRaWanFixtures.Hex("01 00E2 02 29 04 0027 05 06 06 0308 07 0E41"));
        uplink.Decoded.ShouldBeNull();
        uplink.ReceivedAt.ShouldBe(new DateTimeOffset(2025, 6, 3, 7, 29, 11, TimeSpan.Zero).AddTicks(2319770));
        uplink.GatewayCount.ShouldBe(2);
        uplink.Rssi.ShouldBe(-88);
        uplink.Snr.ShouldBe(9.75);
        uplink.Session.ShouldBe("01f3a9c2");

        var decoded = ChirpStack("chirpstack-v4-soil-up.json");
        decoded.Decoded!["soil"]!["water_content"]!.GetValue<double>().ShouldBe(29);
    }

    [Fact]
    public void A_chirpstack_v3_up_event_with_base64_dev_eui_and_lora_snr_is_read()
    {
        var uplink = ChirpStack("chirpstack-v3-soil-up.json");
        uplink.DevEui.ShouldBe("A84041000181C2F1");
        uplink.FCnt.ShouldBe(4711);
        uplink.FPort.ShouldBe(2);
        uplink.Bytes.ShouldBe(LoRaWanFixtures.Hex("0D08 00F5 0929 FF85 0200 00"));
        uplink.Rssi.ShouldBe(-97);
        uplink.Snr.ShouldBe(7.2);
        uplink.GatewayCount.ShouldBe(2);
        uplink.ReceivedAt.ShouldBe(new DateTimeOffset(2025, 6, 3, 7, 15, 2, TimeSpan.Zero).AddTicks(2981640));
        uplink.Decoded!["probe_temperature"]!.GetValue<double>().ShouldBe(24.5);
    }

    [Fact]
    public void The_v3_legacy_hex_dev_eui_and_object_json_string_are_understood()
    {
        var body = LoRaWanFixtures.Json("chirpstack-v3-soil-up.json");
        body["devEUI"] = "a84041000181c2f1";
        body.Remove("object");
        body["objectJSON"] = """{"soil":{"water_content":23.45}}""";
        var uplink = ReadChirpStackUplink.From(body, Now).Uplink!;
        uplink.DevEui.ShouldBe("A84041000181C2F1");
        uplink.Decoded!["soil"]!["water_content"]!.GetValue<double>().ShouldBe(23.45);
    }

    [Theory]
    [InlineData("deviceInfo.devEui", "devEui is missing")]
    [InlineData("deviceInfo.devEui=xyz", "16 hex digits")]
    [InlineData("data=%%", "not valid base64")]
    [InlineData("fCnt=-3", "non-negative integers")]
    [InlineData("fPort=300", "non-negative integers")]
    [InlineData("data", "neither data nor a decoded object")]
    public void A_broken_chirpstack_event_is_a_problem(string change, string problem)
    {
        var body = LoRaWanFixtures.Json("chirpstack-v4-air-up.json");
        Apply(body, change);
        ReadChirpStackUplink.From(body, Now).Problem!.ShouldContain(problem);
    }

    [Fact]
    public void Copies_of_one_uplink_from_three_gateways_and_a_retry_share_one_identity()
    {
        var identities = SameUplink.Select(f => Tts(f).Identity)
            .Distinct()
            .ToList();
        identities.Count.ShouldBe(1);
        identities[0].ShouldStartWith("lorawan:A84041000181C2F1:");
        Tts("tts-soil-uplink-next.json").Identity.ShouldNotBe(identities[0]);
    }

    [Fact]
    public void A_frame_counter_reset_is_not_a_duplicate()
    {
        var first = Tts("tts-soil-uplink.json");
        // Rejoin: new session, same counter and payload.
        (first with { Session = "AZcwAAAAAAAAAAAAAAAAAA==" }).Identity.ShouldNotBe(first.Identity);
        // ABP device restarted hours later without a session marker change: same counter and payload, later hour.
        (first with { ReceivedAt = first.ReceivedAt.AddHours(5) }).Identity.ShouldNotBe(first.Identity);
        // Same uplink, same hour: duplicate.
        (first with { GatewayCount = 1, Rssi = -120 }).Identity.ShouldBe(first.Identity);
    }
}
