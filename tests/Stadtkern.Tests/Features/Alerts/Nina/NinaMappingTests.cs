using System.Text.Json;
using Stadtkern.Features.Alerts.Nina;

namespace Stadtkern.Tests.Features.Alerts.Nina;

public sealed class NinaMappingTests
{
    [Theory]
    [InlineData("083350043043", "083350000000")]
    [InlineData("091620000000", "091620000000")]
    [InlineData(" 051170000000 ", "051170000000")]
    public void The_district_key_keeps_the_first_five_digits_and_zeros_the_last_seven(string ars, string kreis)
    {
        NinaRegion.TryCreate(ars, out var region, out _).ShouldBeTrue();
        region.KreisArs.ShouldBe(kreis);
    }

    [Theory]
    [InlineData("")]
    [InlineData("08335004304")]
    [InlineData("08335004304x")]
    [InlineData("000000000000")]
    [InlineData("990000000000")]
    [InlineData("083000000000")]
    public void An_unknown_or_invalid_ars_is_refused_with_a_reason(string ars)
    {
        NinaRegion.TryCreate(ars, out _, out var error).ShouldBeFalse();
        error.ShouldContain("ARS");
    }

    [Theory]
    [InlineData("083350043043", true)]   // a municipality of the district
    [InlineData("083350000000", true)]   // the district
    [InlineData("080000000000", true)]   // the whole Land
    [InlineData("000000000000", true)]   // the whole country
    [InlineData("108335000", true)]      // DWD warn cell of the district
    [InlineData("808335043", true)]      // DWD warn cell of a municipality
    [InlineData("08335043", true)]       // AGS
    [InlineData("084350000000", false)]  // the neighbouring Bodenseekreis
    [InlineData("146120000000", false)]
    [InlineData("0", false)]
    [InlineData("abc", false)]
    public void Area_codes_are_matched_against_the_district(string code, bool covered)
    {
        NinaRegion.TryCreate("083350043043", out var region, out _).ShouldBeTrue();
        region.Covers(code).ShouldBe(covered);
    }

    [Fact]
    public void The_dashboard_list_gives_id_version_provider_and_message_type()
    {
        using var document = JsonDocument.Parse(NinaRecorded.Read("dashboard-round2.json"));
        var entry = NinaLists.ReadDashboard(document.RootElement).ShouldHaveSingleItem();
        entry.Id.ShouldBe(NinaRecorded.MowasId);
        entry.Version.ShouldBe("2");
        entry.Provider.ShouldBe("mowas");
        entry.MsgType.ShouldBe("Update");
    }

    [Fact]
    public void Map_data_lists_and_bad_lists_are_read_or_refused()
    {
        using var document = JsonDocument.Parse(NinaRecorded.Read("lhp-mapdata.json"));
        var entries = NinaLists.ReadMapData(document.RootElement, "lhp");
        entries.Select(e => (e.Id, e.Version, e.Provider)).ShouldBe([(NinaRecorded.LhpBwId, "3", "lhp"), (NinaRecorded.LhpSnId, "1", "lhp")]);
        using var notAList = JsonDocument.Parse("""{"error":"x"}""");
        Should.Throw<NinaFormatException>(() => NinaLists.ReadMapData(notAList.RootElement, "lhp"));
    }

    [Fact]
    public void A_mowas_warning_maps_to_cap_with_plain_text_and_the_geometry_as_closed_polygons()
    {
        using var warning = JsonDocument.Parse(NinaRecorded.Read("mowas-v1.json"));
        using var geo = JsonDocument.Parse(NinaRecorded.Read("mowas.geojson"));
        var alert = MapNinaWarning.Map(warning.RootElement, geo.RootElement, NinaRecorded.MowasId);

        alert.Identifier.ShouldBe(NinaRecorded.MowasId);
        alert.Sender.ShouldBe("DE-BW-KN-SE055");
        alert.Sent.ShouldBe(new DateTimeOffset(2026, 11, 22, 5, 12, 40, TimeSpan.FromHours(1)));
        (alert.Status, alert.MsgType, alert.Scope).ShouldBe(("Actual", "Alert", "Public"));
        var info = alert.Infos.ShouldHaveSingleItem();
        info.Language.ShouldBe("de-DE");
        info.Categories.ShouldBe(["Fire"]);
        (info.Urgency, info.Severity, info.Certainty).ShouldBe(("Immediate", "Minor", "Observed"));
        info.Description.ShouldBe("Im Gewerbegebiet Stromeyersdorf brennt eine Lagerhalle. Es kommt zu starker Rauchentwicklung.\nDer Rauch zieht in Richtung Petershausen.");
        info.Instruction!.ShouldNotContain("<br");
        info.EventCodes.ShouldContain(v => v.ValueName == "profile:DE-BBK-EVENTCODE" && v.Value == "BBK-EVC-001");
        var area = info.Areas.ShouldHaveSingleItem();
        area.AreaDesc.ShouldStartWith("Stadt Konstanz");
        area.Polygons.ShouldBe(["47.6781,9.1702 47.6781,9.1985 47.6952,9.1985 47.6952,9.1702 47.6781,9.1702"]);
        NinaRegion.TryCreate("083350043043", out var region, out _).ShouldBeTrue();
        region.Covers(alert).ShouldBeTrue(); // through warnVerwaltungsbereiche
    }

    [Fact]
    public void An_update_keeps_its_references_and_a_warning_without_sent_time_is_refused()
    {
        using var warning = JsonDocument.Parse(NinaRecorded.Read("mowas-v2.json"));
        var alert = MapNinaWarning.Map(warning.RootElement, null, NinaRecorded.MowasId);
        alert.MsgType.ShouldBe("Update");
        alert.References.ShouldBe(["DE-BW-KN-SE055,mow.DE-BW-KN-SE055-20261122-55-000,2026-11-22T05:12:40+01:00"]);

        using var broken = JsonDocument.Parse("""{"identifier":"x","info":[]}""");
        Should.Throw<NinaFormatException>(() => MapNinaWarning.Map(broken.RootElement, null, "x"));
    }

    [Fact]
    public void Missing_cap_values_get_neutral_defaults()
    {
        using var warning = JsonDocument.Parse("""{"sent":"2026-11-22T05:00:00+01:00","info":[{"headline":"Nur eine Überschrift"}]}""");
        var alert = MapNinaWarning.Map(warning.RootElement, null, "pol.123");
        alert.Identifier.ShouldBe("pol.123");
        alert.Sender.ShouldBe(MapNinaWarning.FallbackSender);
        var info = alert.Infos.ShouldHaveSingleItem();
        info.Event.ShouldBe("Nur eine Überschrift");
        info.Categories.ShouldBe(["Other"]);
        (info.Urgency, info.Severity, info.Certainty).ShouldBe(("Unknown", "Unknown", "Unknown"));
    }
}
