using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Reports.Open311;

/// <summary>
/// An Open311 client as the city apps and aggregators of Cologne ("Sag's uns") and Bonn ("Anliegen") use one: typed records of the
/// GeoReport v2 fields, <c>services.json</c> first, a form-urlencoded POST with <c>attribute[code]</c>, then the JSON arrays of
/// <c>requests.json</c> (by id list and by window) and <c>tokens/{token}.json</c>. Nothing Stadtkern-specific is used.
/// </summary>
public sealed class ExistingClientTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Service(
        [property: JsonPropertyName("service_code")] string ServiceCode,
        [property: JsonPropertyName("service_name")] string ServiceName,
        [property: JsonPropertyName("description")] string? Description,
        [property: JsonPropertyName("metadata")] bool Metadata,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("keywords")] string? Keywords,
        [property: JsonPropertyName("group")] string? Group);

    private sealed record Definition(
        [property: JsonPropertyName("service_code")] string ServiceCode,
        [property: JsonPropertyName("attributes")] List<Attribute> Attributes);

    private sealed record Attribute(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("datatype")] string Datatype,
        [property: JsonPropertyName("required")] bool Required,
        [property: JsonPropertyName("values")] List<AttributeValue>? Values);

    private sealed record AttributeValue([property: JsonPropertyName("key")] string Key, [property: JsonPropertyName("name")] string Name);

    private sealed record Created(
        [property: JsonPropertyName("service_request_id")] long? ServiceRequestId,
        [property: JsonPropertyName("token")] string? Token,
        [property: JsonPropertyName("service_notice")] string? ServiceNotice);

    private sealed record ServiceRequest(
        [property: JsonPropertyName("service_request_id")] long ServiceRequestId,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("status_notes")] string? StatusNotes,
        [property: JsonPropertyName("service_name")] string? ServiceName,
        [property: JsonPropertyName("service_code")] string? ServiceCode,
        [property: JsonPropertyName("description")] string? Description,
        [property: JsonPropertyName("agency_responsible")] string? AgencyResponsible,
        [property: JsonPropertyName("service_notice")] string? ServiceNotice,
        [property: JsonPropertyName("requested_datetime")] DateTimeOffset RequestedDatetime,
        [property: JsonPropertyName("updated_datetime")] DateTimeOffset? UpdatedDatetime,
        [property: JsonPropertyName("expected_datetime")] DateTimeOffset? ExpectedDatetime,
        [property: JsonPropertyName("address")] string? Address,
        [property: JsonPropertyName("zipcode")] string? Zipcode,
        [property: JsonPropertyName("lat")] double? Lat,
        [property: JsonPropertyName("long")] double? Long,
        [property: JsonPropertyName("media_url")] string? MediaUrl);

    [Theory, DatabaseData]
    public async Task A_georeport_client_reads_services_posts_and_reads_its_request_back(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var apiKey = await app.CreateTokenAsync("demo", "app");
        var http = app.CreateClient();
        const string Root = "/open311/v2/";

        var services = await http.GetFromJsonAsync<List<Service>>(Root + "services.json?jurisdiction_id=demo", Ct);
        var pothole = services.ShouldNotBeNull().Single(s => s.ServiceName.Contains("Schlagloch", StringComparison.Ordinal));
        pothole.Metadata.ShouldBeTrue();
        var definition = await http.GetFromJsonAsync<Definition>($"{Root}services/{pothole.ServiceCode}.json?jurisdiction_id=demo", Ct);
        var required = definition.ShouldNotBeNull().Attributes.Where(a => a.Required).ToList();
        required.ShouldNotBeEmpty();

        var form = new List<KeyValuePair<string, string>>
        {
            new("jurisdiction_id", "demo"),
            new("api_key", apiKey),
            new("service_code", pothole.ServiceCode),
            new("lat", "50.7374"),
            new("long", "7.0982"),
            new("address_string", "Bottlerplatz 1, 53111 Bonn"),
            new("email", "app-nutzer@example.org"),
            new("device_id", "b1c2d3"),
            new("description", "Gehwegplatte lose, Stolpergefahr"),
        };
        form.AddRange(required.Select(a => new KeyValuePair<string, string>($"attribute[{a.Code}]", a.Values![0].Key)));
        var post = await http.PostAsync(Root + "requests.json", new FormUrlEncodedContent(form), Ct);
        post.IsSuccessStatusCode.ShouldBeTrue(await post.Content.ReadAsStringAsync(Ct));
        var created = (await post.Content.ReadFromJsonAsync<List<Created>>(Ct)).ShouldNotBeNull().Single();
        var id = created.ServiceRequestId.ShouldNotBeNull();

        var byToken = await http.GetFromJsonAsync<List<Created>>($"{Root}tokens/{created.Token}.json?jurisdiction_id=demo", Ct);
        byToken.ShouldNotBeNull().Single().ServiceRequestId.ShouldBe(id);
        var byId = await http.GetFromJsonAsync<List<ServiceRequest>>($"{Root}requests.json?jurisdiction_id=demo&service_request_id={id}", Ct);
        var recent = await http.GetFromJsonAsync<List<ServiceRequest>>($"{Root}requests.json?jurisdiction_id=demo&status=open", Ct);
        var single = await http.GetFromJsonAsync<List<ServiceRequest>>($"{Root}requests/{id}.json?jurisdiction_id=demo", Ct);

        foreach (var list in new[] { byId, recent, single })
        {
            var request = list.ShouldNotBeNull().Single();
            request.ServiceRequestId.ShouldBe(id);
            request.Status.ShouldBe("open");
            request.ServiceCode.ShouldBe(pothole.ServiceCode);
            request.ServiceName.ShouldBe(pothole.ServiceName);
            request.Description.ShouldBe("Gehwegplatte lose, Stolpergefahr");
            request.Address.ShouldBe("Bottlerplatz 1, 53111 Bonn");
            request.Lat.ShouldBe(50.7374);
            request.Long.ShouldBe(7.0982);
            request.AgencyResponsible.ShouldBe("Tiefbauamt");
            request.RequestedDatetime.ShouldBe(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
            request.UpdatedDatetime.ShouldNotBeNull();
            request.ExpectedDatetime.ShouldBeNull();
            request.MediaUrl.ShouldBeNull();
        }
    }
}
