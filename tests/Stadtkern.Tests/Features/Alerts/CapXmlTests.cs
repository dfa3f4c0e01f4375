using Stadtkern.Features.Alerts.Cap;

namespace Stadtkern.Tests.Features.Alerts;

public sealed class CapXmlTests
{
    private static readonly DateTimeOffset Sent = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_full_alert_survives_write_and_read_and_the_written_document_is_schema_valid()
    {
        var alert = new CapAlert("id-1", "sender@example.org", Sent, "Actual", "Update", "Restricted", "Leitstelle", "nur Behörden",
            "a b", ["code1", "code2"], "Notiz", ["sender@example.org,id-0," + CapXml.FormatTime(Sent.AddHours(-1))], "inc-1",
            [
                new CapInfo("de-DE", ["Met", "Safety"], "Sturm", ["Shelter", "Monitor"], "Immediate", "Extreme", "Observed", "Alle",
                    [new CapValue("profile", "x")], Sent, Sent.AddMinutes(5), Sent.AddHours(3), "Stadt", "Sturm!", "Beschreibung", "Anweisung",
                    "https://example.org/", "112", [new CapValue("p", "v")], [new CapResource("Karte", "image/png", 1234, "https://example.org/k.png", null)],
                    [new CapArea("Nord", ["51.1,7.0 51.2,7.0 51.2,7.2 51.1,7.0"], ["51.15,7.1 2"], [new CapValue("ARS", "051220000000")], 10, 20)]),
                new CapInfo("en", ["Met"], "Storm", [], "Immediate", "Extreme", "Observed", null, [], null, null, null, null, "Storm!", null, null,
                    null, null, [], [], []),
            ]);

        var xml = CapXml.Write(alert);
        var read = CapXml.Read(xml);

        read.Errors.ShouldBeEmpty();
        var back = read.Alert.ShouldNotBeNull();
        CapXml.Write(back).ShouldBe(xml);
        back.Identifier.ShouldBe("id-1");
        back.Infos[0].Areas[0].Ceiling.ShouldBe(20);
        back.Infos[0].Resources[0].Size.ShouldBe(1234);
        back.References.ShouldHaveSingleItem();
        CapSamples.Xmllint(xml).ShouldBeEmpty();
    }

    [Fact]
    public void The_oasis_example_alert_is_read_without_errors()
    {
        var example = File.ReadAllText(Path.Combine(Path.GetDirectoryName(CapSamples.SchemaPath)!, "example-oasis-amber-alert.xml"));
        var read = CapXml.Read(example);
        read.Errors.ShouldBeEmpty();
        read.Alert!.Infos.ShouldNotBeEmpty();
        CapSamples.Xmllint(CapXml.Write(read.Alert)).ShouldBeEmpty();
    }

    [Fact]
    public void Elements_out_of_schema_order_are_reported()
    {
        var xml = CapSamples.Alert("x", Sent);
        var read = CapXml.Read(xml.Replace("<scope>Public</scope>", "<scope>Public</scope><bogus/>", StringComparison.Ordinal));
        read.IsValid.ShouldBeFalse();
        read.Errors.ShouldContain(e => e.Contains("bogus", StringComparison.Ordinal));
    }

    [Fact]
    public void A_document_with_a_dtd_or_entity_is_refused()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&xxe;</identifier></alert>
            """;
        var read = CapXml.Read(xml);
        read.Alert.ShouldBeNull();
        read.Errors.ShouldHaveSingleItem().ShouldStartWith("Kein gültiges XML");
    }

    [Fact]
    public void Wrong_namespace_and_bad_times_are_reported()
    {
        CapXml.Read("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.1\"/>").Errors.ShouldHaveSingleItem().ShouldContain("1.2");
        var read = CapXml.Read(CapSamples.Alert("x", Sent).Replace(CapSamples.Time(Sent) + "</sent>", "2026-11-22T06:00:00Z</sent>", StringComparison.Ordinal));
        read.Errors.ShouldContain(e => e.Contains("<sent>", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("51.10,7.00 51.20,7.00 51.20,7.20 51.10,7.10", "nicht geschlossen")]
    [InlineData("51.10,7.00 51.20,7.00 51.10,7.00", "mindestens vier")]
    [InlineData("51.10,7.00 91.20,7.00 51.20,7.20 51.10,7.00", "breite,länge")]
    public void Polygon_rules_are_enforced(string polygon, string expected)
    {
        var alert = CapXml.Read(CapSamples.Alert("x", Sent, polygon: polygon)).Alert.ShouldNotBeNull();
        CapRules.Validate(alert).ShouldContain(e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Expires_before_effective_and_update_without_references_are_errors()
    {
        var expired = CapXml.Read(CapSamples.Alert("x", Sent, expires: Sent.AddHours(-1))).Alert.ShouldNotBeNull();
        CapRules.Validate(expired).ShouldContain(e => e.Contains("<expires>", StringComparison.Ordinal));

        var update = CapXml.Read(CapSamples.Alert("x", Sent, msgType: "Update")).Alert.ShouldNotBeNull();
        CapRules.Validate(update).ShouldContain(e => e.Contains("references", StringComparison.Ordinal));

        var circle = CapXml.Read(CapSamples.Alert("x", Sent).Replace("51.15,7.10 2.5", "51.15;7.10", StringComparison.Ordinal)).Alert.ShouldNotBeNull();
        CapRules.Validate(circle).ShouldContain(e => e.Contains("Kreis", StringComparison.Ordinal));

        CapRules.Validate(CapXml.Read(CapSamples.Alert("x", Sent)).Alert!).ShouldBeEmpty();
    }

    [Fact]
    public void Geometry_becomes_geojson_with_lon_lat_order_and_circles_as_polygons()
    {
        var alert = CapXml.Read(CapSamples.Alert("x", Sent)).Alert!;
        var json = CapGeometry.ToGeoJson(alert).ShouldNotBeNull();
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var geometries = document.RootElement.GetProperty("geometries");
        geometries.GetArrayLength().ShouldBe(2);
        var first = geometries[0].GetProperty("coordinates")[0][0];
        first[0].GetDouble().ShouldBe(7.0);
        first[1].GetDouble().ShouldBe(51.1);
    }
}
