using System.Net;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Views;

/// <summary>The CSV export: RFC 4180 quoting, ISO 8601 UTC times, every kind of result, the range and its limit.</summary>
public sealed class CsvExportTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task Export_writes_the_range_in_time_order_with_rfc4180_quoting(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var (_, id) = await SensingArrange.DatastreamAsync(app, unit: """{"name":"Mikrogramm pro Kubikmeter","symbol":"µg/m³","definition":""}""");
        var t = new DateTimeOffset(2026, 4, 1, 8, 0, 0, TimeSpan.Zero);
        await SensingArrange.ObservationsAsync(app,
        [
            SensingArrange.Number(id, t.AddMinutes(10), 12.5),
            SensingArrange.Number(id, t, -0.25),
            new Observation { DatastreamId = id, PhenomenonTimeStart = t.AddMinutes(20), PhenomenonTimeEnd = t.AddMinutes(30), ResultKind = ResultKind.String, ResultString = "Wartung, \"Filter\" gewechselt" },
            new Observation { DatastreamId = id, PhenomenonTimeStart = t.AddMinutes(40), ResultTime = t.AddMinutes(41), ResultKind = ResultKind.Boolean, ResultNumber = 1 },
            new Observation { DatastreamId = id, PhenomenonTimeStart = t.AddMinutes(50), ResultKind = ResultKind.Json, ResultJson = """{"a":1,"b":2}""" },
            SensingArrange.Number(id, t.AddHours(2), 99), // outside
            SensingArrange.Number(id, t.AddMinutes(-1), 98), // outside
        ]);

        using var response = await app.AnonymousClient().GetAsync($"/api/sensing/datastreams/{id}/export.csv?from=2026-04-01T08:00:00Z&to=2026-04-01T09:00:00Z", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.FileName!.ShouldContain(".csv");
        var body = await response.Content.ReadAsStringAsync(Ct);
        body.ShouldBe(
            "phenomenonTime,resultTime,result,unit\r\n"
            + "2026-04-01T08:00:00.000Z,2026-04-01T08:00:00.000Z,-0.25,µg/m³\r\n"
            + "2026-04-01T08:10:00.000Z,2026-04-01T08:10:00.000Z,12.5,µg/m³\r\n"
            + "2026-04-01T08:20:00.000Z/2026-04-01T08:30:00.000Z,,\"Wartung, \"\"Filter\"\" gewechselt\",µg/m³\r\n"
            + "2026-04-01T08:40:00.000Z,2026-04-01T08:41:00.000Z,true,µg/m³\r\n"
            + "2026-04-01T08:50:00.000Z,,\"{\"\"a\"\":1,\"\"b\"\":2}\",µg/m³\r\n");
    }

    [Theory, DatabaseData]
    public async Task A_large_export_arrives_complete(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var (_, id) = await SensingArrange.DatastreamAsync(app);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await SensingArrange.ObservationsAsync(app, Enumerable.Range(0, 20_000).Select(i => SensingArrange.Number(id, start.AddSeconds(i * 30), i)), updateLatest: false);

        using var response = await app.AnonymousClient().GetAsync(
            $"/api/sensing/datastreams/{id}/export.csv?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z", HttpCompletionOption.ResponseHeadersRead, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        (await reader.ReadLineAsync(Ct)).ShouldBe("phenomenonTime,resultTime,result,unit");
        var rows = 0;
        var last = -1.0;
        while (await reader.ReadLineAsync(Ct) is { } line)
        {
            var value = double.Parse(line.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture);
            value.ShouldBeGreaterThan(last);
            last = value;
            rows++;
        }

        rows.ShouldBe(20_000);
    }
}
