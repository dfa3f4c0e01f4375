using System.Net;
using System.Xml.Linq;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Reports.Open311.Open311Client;

namespace Stadtkern.Tests.Features.Reports.Open311;

public sealed class Open311ServicesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task Services_json_lists_the_categories_with_the_spec_fields(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);

        var response = await app.AnonymousClient().GetAsync("/open311/v2/services.json", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var services = await JsonAsync(response, Ct);
        services.GetArrayLength().ShouldBe(5);
        var pothole = services.EnumerateArray().Single(s => s.Str("service_code") == "strassenschaden");
        pothole.Str("service_name").ShouldBe("Schlagloch oder Straßenschaden");
        pothole.Str("group").ShouldBe("Straßen und Wege");
        pothole.GetProperty("metadata").GetBoolean().ShouldBeTrue();
        pothole.Str("type").ShouldBe("realtime");
        pothole.Str("keywords").ShouldNotBeNull().ShouldContain("Schlagloch");
        services.EnumerateArray().Single(s => s.Str("service_code") == "sonstiges").GetProperty("metadata").GetBoolean().ShouldBeFalse();
    }

    [Theory, DatabaseData]
    public async Task Services_xml_uses_the_element_names_of_the_spec(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);

        var response = await app.AnonymousClient().GetAsync("/open311/v2/services.xml", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/xml");
        var xml = await XmlAsync(response, Ct);
        xml.Root!.Name.LocalName.ShouldBe("services");
        var services = xml.Root.Elements().ToList();
        services.Count.ShouldBe(5);
        services.ShouldAllBe(s => s.Name.LocalName == "service");
        services[0].Elements().Select(e => e.Name.LocalName)
            .ShouldBe(["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]);
        services.Single(s => (string?)s.Element("service_code") == "wilder-muell").Element("metadata")!.Value.ShouldBe("true");
    }

    [Theory, DatabaseData]
    public async Task Service_definitions_carry_attributes_of_every_datatype(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();
        var datatypes = new List<string>();

        foreach (var code in new[] { "strassenschaden", "beleuchtung", "wilder-muell", "baum" })
        {
            var response = await client.GetAsync($"/open311/v2/services/{code}.json", Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var definition = await JsonAsync(response, Ct);
            definition.Str("service_code").ShouldBe(code);
            foreach (var attribute in definition.GetProperty("attributes").EnumerateArray())
            {
                attribute.GetProperty("variable").GetBoolean().ShouldBeTrue();
                attribute.Str("code").ShouldNotBeNullOrEmpty();
                attribute.Str("description").ShouldNotBeNullOrEmpty();
                attribute.Str("datatype_description").ShouldNotBeNull();
                attribute.GetProperty("order").GetInt32().ShouldBeGreaterThan(0);
                var datatype = attribute.Str("datatype")!;
                datatypes.Add(datatype);
                if (datatype.EndsWith("valuelist", StringComparison.Ordinal))
                {
                    attribute.GetProperty("values").EnumerateArray().ShouldAllBe(v => v.Str("key") != null && v.Str("name") != null);
                }
            }
        }

        datatypes.Distinct().Order().ShouldBe(["datetime", "multivaluelist", "number", "singlevaluelist", "string", "text"]);
    }

    [Theory, DatabaseData]
    public async Task Service_definition_xml_uses_the_element_names_of_the_spec(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);

        var xml = await XmlAsync(await app.AnonymousClient().GetAsync("/open311/v2/services/strassenschaden.xml", Ct), Ct);

        xml.Root!.Name.LocalName.ShouldBe("service_definition");
        xml.Root.Element("service_code")!.Value.ShouldBe("strassenschaden");
        var attribute = xml.Root.Element("attributes")!.Elements("attribute").First();
        attribute.Elements().Select(e => e.Name.LocalName)
            .ShouldBe(["variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"]);
        attribute.Element("required")!.Value.ShouldBe("true");
        var value = attribute.Element("values")!.Elements("value").First();
        value.Element("key")!.Value.ShouldBe("klein");
        value.Element("name")!.Value.ShouldBe("kleiner als ein Teller");
    }

    [Theory, DatabaseData]
    public async Task Unknown_service_code_is_404_with_the_error_list_in_both_formats(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();

        var json = await client.GetAsync("/open311/v2/services/gibtsnicht.json", Ct);
        var xml = await client.GetAsync("/open311/v2/services/gibtsnicht.xml", Ct);

        json.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var errors = await JsonAsync(json, Ct);
        errors[0].GetProperty("code").GetInt32().ShouldBe(404);
        errors[0].Str("description").ShouldNotBeNull().ShouldContain("gibtsnicht");
        xml.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var document = await XmlAsync(xml, Ct);
        document.Root!.Name.LocalName.ShouldBe("errors");
        document.Root.Element("error")!.Element("code")!.Value.ShouldBe("404");
        document.Root.Element("error")!.Element("description")!.Value.ShouldContain("gibtsnicht");
    }

    [Theory, DatabaseData]
    public async Task Jurisdiction_id_is_the_tenant_slug(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();

        (await client.GetAsync("/open311/v2/services.json?jurisdiction_id=demo", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/t/demo/open311/v2/services.json", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/t/demo/open311/v2/services.json?jurisdiction_id=demo", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var unknown = await client.GetAsync("/open311/v2/services.xml?jurisdiction_id=atlantis", Ct);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await XmlAsync(unknown, Ct)).Root!.Element("error")!.Element("description")!.Value.ShouldContain("atlantis");
        (await client.GetAsync("/t/demo/open311/v2/requests.json?jurisdiction_id=atlantis", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task Unknown_formats_are_400_and_discovery_names_the_endpoint(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();

        (await client.GetAsync("/open311/v2/services.csv", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/open311/v2/services/strassenschaden.html", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var discovery = await JsonAsync(await client.GetAsync("/open311/v2/discovery.json", Ct), Ct);
        discovery.GetProperty("endpoints")[0].Str("specification").ShouldBe("http://wiki.open311.org/GeoReport_v2");
        XDocument.Parse(await client.GetStringAsync("/open311/v2/discovery.xml", Ct)).Root!.Name.LocalName.ShouldBe("discovery");
    }
}
