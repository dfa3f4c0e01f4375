using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Stadtkern.Tests.Features.Sensing.Api;

/// <summary>Small helpers for SensorThings requests in tests: JSON in, JSON out, status checked by the caller.</summary>
internal static class SensingClient
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<(HttpStatusCode Status, JsonNode? Json)> SendAsync(this HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            var text = body as string ?? (body is JsonNode node ? node.ToJsonString() : System.Text.Json.JsonSerializer.Serialize(body));
            request.Content = new StringContent(text, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, Ct);
        var content = await response.Content.ReadAsStringAsync(Ct);
        JsonNode? json = null;
        if (content.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            json = JsonNode.Parse(content);
        }

        return (response.StatusCode, json);
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string url)
    {
        var (status, json) = await client.SendAsync(HttpMethod.Get, url);
        status.ShouldBe(HttpStatusCode.OK, $"GET {url}: {json?.ToJsonString()}");
        return json!;
    }

    public static async Task<JsonNode> PostJsonAsync(this HttpClient client, string url, object body)
    {
        var (status, json) = await client.SendAsync(HttpMethod.Post, url, body);
        status.ShouldBe(HttpStatusCode.Created, $"POST {url}: {json?.ToJsonString()}");
        return json!;
    }

    public static long Id(this JsonNode node) => node["@iot.id"]!.GetValue<long>();

    public static JsonArray Values(this JsonNode node) => node["value"]!.AsArray();

    /// <summary>A Thing with one Location and one Datastream (with Sensor and ObservedProperty), created by deep insert.</summary>
    public static JsonObject WeatherStation(string name = "Wetterstation Marktplatz", string? accessLevel = null, string? datastreamAccess = null)
    {
        var thing = new JsonObject
        {
            ["name"] = name,
            ["description"] = "Station auf dem Rathausdach",
            ["properties"] = new JsonObject { ["operator"] = "Stadtwerke" },
            ["Locations"] = new JsonArray(new JsonObject
            {
                ["name"] = "Rathausdach",
                ["description"] = "Dach des Rathauses",
                ["encodingType"] = "application/geo+json",
                ["location"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(9.1732, 47.6603) },
            }),
            ["Datastreams"] = new JsonArray(new JsonObject
            {
                ["name"] = "Lufttemperatur " + name,
                ["description"] = "Temperatur 2 m über Dach",
                ["observationType"] = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
                ["unitOfMeasurement"] = new JsonObject { ["name"] = "Grad Celsius", ["symbol"] = "°C", ["definition"] = "http://unitsofmeasure.org/ucum.html#para-30" },
                ["Sensor"] = new JsonObject { ["name"] = "DHT22", ["description"] = "Temperatur- und Feuchtesensor", ["encodingType"] = "application/pdf", ["metadata"] = "https://example.org/dht22.pdf" },
                ["ObservedProperty"] = new JsonObject { ["name"] = "Lufttemperatur", ["definition"] = "http://vocab.nerc.ac.uk/collection/P07/current/CFSN0023/", ["description"] = "Temperatur der Luft" },
            }),
        };
        if (accessLevel is not null)
        {
            thing["accessLevel"] = accessLevel;
        }

        if (datastreamAccess is not null)
        {
            thing["Datastreams"]![0]!["accessLevel"] = datastreamAccess;
        }

        return thing;
    }

    /// <summary>Creates a weather station and returns (thing id, datastream id).</summary>
    public static async Task<(long Thing, long Datastream)> CreateStationAsync(this HttpClient client, string name = "Wetterstation Marktplatz", string? accessLevel = null, string prefix = "", string? datastreamAccess = null)
    {
        var thing = await client.PostJsonAsync(prefix + "/v1.1/Things", WeatherStation(name, accessLevel, datastreamAccess));
        var datastreams = await client.GetJsonAsync($"{prefix}/v1.1/Things({thing.Id()})/Datastreams");
        return (thing.Id(), datastreams.Values()[0]!.Id());
    }

    public static async Task<List<long>> AddObservationsAsync(this HttpClient client, long datastream, params double[] results)
    {
        var ids = new List<long>();
        var start = new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < results.Length; i++)
        {
            var created = await client.PostJsonAsync($"/v1.1/Datastreams({datastream})/Observations", new JsonObject
            {
                ["phenomenonTime"] = start.AddMinutes(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["result"] = results[i],
            });
            ids.Add(created.Id());
        }

        return ids;
    }
}
