using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Sensing.Scripting;

namespace Stadtkern.Tests.Features.Sensing.LoRaWan;

public sealed class CodecFixtureTests
{
    private static readonly CodecRunner Runner = new(Options.Create(new CodecLimits()));

    private static readonly DateTimeOffset Received = new(2025, 6, 3, 7, 15, 2, TimeSpan.Zero);

    private static double Number(JsonNode? node) => node!.GetValue<double>();

    [Fact]
    public void The_soil_codec_decodes_battery_temperatures_water_content_and_conductivity()
    {
        byte[] bytes = [0x0D, 0x08, 0x00, 0xF5, 0x09, 0x29, 0xFF, 0x85, 0x02, 0x00, 0x00];
        var result = Runner.DecodeUplink(LoRaWanFixtures.Text("soil-lse01-codec.js"), new CodecInput(bytes, 2, Received), CancellationToken.None);

        // Worked out from the byte layout: 0x0D08 = 3336 mV; 0x00F5 = 245 → 24.5 °C; 0x0929 = 2345 → 23.45 %;
        // 0xFF85 = 65413 − 65536 = −123 → −1.23 °C; 0x0200 = 512 µS/cm; flags 0x00.
        result.Errors.ShouldBeEmpty();
        result.Warnings.ShouldBeEmpty();
        var data = result.Data!;
        Number(data["battery_mv"]).ShouldBe((0x0D << 8) | 0x08);
        Number(data["battery"]).ShouldBe(3.336);
        Number(data["probe_temperature"]).ShouldBe(24.5);
        Number(data["soil"]!["water_content"]).ShouldBe(23.45);
        Number(data["soil"]!["temperature"]).ShouldBe(-1.23);
        Number(data["soil"]!["conductivity"]).ShouldBe(512);
        data["interrupt"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public void The_soil_codec_reports_a_missing_probe_as_a_warning_and_short_payloads_as_errors()
    {
        var codec = LoRaWanFixtures.Text("soil-lse01-codec.js");
        var result = Runner.DecodeUplink(codec, new CodecInput(LoRaWanFixtures.Hex("0CE4 7FFF 0B54 FFF6 015E 01"), 2, Received), CancellationToken.None);
        result.Warnings.ShouldBe(["no temperature probe connected"]);
        Number(result.Data!["battery_mv"]).ShouldBe(3300);
        Number(result.Data["soil"]!["water_content"]).ShouldBe(29);          // 0x0B54 = 2900
        Number(result.Data["soil"]!["temperature"]).ShouldBe(-0.1);         // 0xFFF6 = −10
        Number(result.Data["soil"]!["conductivity"]).ShouldBe(350);         // 0x015E
        result.Data["interrupt"]!.GetValue<bool>().ShouldBeTrue();
        result.Data.ContainsKey("probe_temperature").ShouldBeFalse();

        var low = Runner.DecodeUplink(codec, new CodecInput(LoRaWanFixtures.Hex("0B00 00F5 0929 FF85 0200 00"), 2, Received), CancellationToken.None);
        low.Warnings.ShouldBe(["battery low: 2816 mV"]);

        var shortPayload = Runner.DecodeUplink(codec, new CodecInput([0x0D, 0x08], 2, Received), CancellationToken.None);
        shortPayload.Data.ShouldBeNull();
        shortPayload.Errors.ShouldBe(["payload too short: 2 bytes, expected 11"]);
    }

    [Fact]
    public void The_air_quality_codec_decodes_its_type_length_value_records()
    {
        var bytes = LoRaWanFixtures.Hex("01 00E2 02 29 04 0027 05 06 06 0308 07 0E41");
        var result = Runner.DecodeUplink(LoRaWanFixtures.Text("air-co2-codec.js"), new CodecInput(bytes, 5, Received), CancellationToken.None);

        result.Errors.ShouldBeEmpty();
        var data = result.Data!;
        Number(data["temperature"]).ShouldBe(0xE2 / 10.0);     // 22.6 °C
        Number(data["humidity"]).ShouldBe(0x29);               // 41 %
        Number(data["light"]).ShouldBe(0x27);                  // 39 lx
        Number(data["motion"]).ShouldBe(6);
        Number(data["co2"]).ShouldBe(0x0308);                  // 776 ppm
        Number(data["vdd"]).ShouldBe(0x0E41 / 1000.0);         // 3.649 V
        data.Count.ShouldBe(6);
    }

    [Fact]
    public void The_air_quality_codec_handles_negative_temperatures_and_unknown_records()
    {
        var codec = LoRaWanFixtures.Text("air-co2-codec.js");
        var cold = Runner.DecodeUplink(codec, new CodecInput(LoRaWanFixtures.Hex("01 FF9C 06 05DC"), 5, Received), CancellationToken.None);
        Number(cold.Data!["temperature"]).ShouldBe((0xFF9C - 0x10000) / 10.0);   // −10 °C
        Number(cold.Data["co2"]).ShouldBe(1500);
        cold.Warnings.ShouldBe(["CO2 above 1400 ppm: ventilate"]);

        var unknown = Runner.DecodeUplink(codec, new CodecInput(LoRaWanFixtures.Hex("01 00E2 FF"), 5, Received), CancellationToken.None);
        unknown.Errors.ShouldBe(["unknown record type 0xff at byte 3"]);
        var cut = Runner.DecodeUplink(codec, new CodecInput(LoRaWanFixtures.Hex("06 03"), 5, Received), CancellationToken.None);
        cut.Errors.ShouldBe(["record co2 is cut off"]);
    }

    [Fact]
    public void The_runner_passes_fPort_and_recvTime_and_supports_the_older_decoder_signatures()
    {
        var echo = "function decodeUplink(input) { return { data: { port: input.fPort, n: input.bytes.length, at: input.recvTime } }; }";
        var result = Runner.DecodeUplink(echo, new CodecInput([1, 2, 3], 7, Received), CancellationToken.None);
        result.Data!.ToJsonString().ShouldBe("""{"port":7,"n":3,"at":"2025-06-03T07:15:02.000Z"}""");

        var ttnV2 = "function Decoder(bytes, port) { return { first: bytes[0], port: port }; }";
        Runner.DecodeUplink(ttnV2, new CodecInput([9], 3, Received), CancellationToken.None).Data!.ToJsonString().ShouldBe("""{"first":9,"port":3}""");
        var chirpStackV3 = "function Decode(fPort, bytes, variables) { return { sum: bytes[0] + bytes[1], port: fPort }; }";
        Runner.DecodeUplink(chirpStackV3, new CodecInput([1, 2], 4, Received), CancellationToken.None).Data!.ToJsonString().ShouldBe("""{"sum":3,"port":4}""");
    }

    [Fact]
    public void A_codec_without_a_decoder_or_with_a_limit_breach_fails_with_a_codec_exception()
    {
        Should.Throw<CodecException>(() => Runner.DecodeUplink("var x = 1;", new CodecInput([], 1, Received), CancellationToken.None))
            .Kind.ShouldBe(CodecFailure.MissingFunction);
        Should.Throw<CodecException>(() => Runner.DecodeUplink("function decodeUplink(i) { while (true) {} }", new CodecInput([], 1, Received), CancellationToken.None))
            .Kind.ShouldBeOneOf(CodecFailure.StepLimit, CodecFailure.TimeLimit);
        Should.Throw<CodecException>(() => Runner.DecodeUplink("function decodeUplink(i) { return 5; }", new CodecInput([], 1, Received), CancellationToken.None))
            .Kind.ShouldBe(CodecFailure.Runtime);
    }

    [Fact]
    public void Parsed_programs_are_cached_by_source()
    {
        var source = "function decodeUplink(input) { return { data: { v: input.bytes[0] } }; }";
        var runner = new CodecRunner(Options.Create(new CodecLimits()));
        runner.Parse(source).ShouldBeSameAs(runner.Parse(source));
        runner.Parse(source + " ").ShouldNotBeSameAs(runner.Parse(source));
    }
}
