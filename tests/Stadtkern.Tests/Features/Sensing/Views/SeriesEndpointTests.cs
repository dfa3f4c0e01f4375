using System.Globalization;
using System.Net;
using System.Text.Json;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Features.Sensing.Views;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Views;

/// <summary>The series endpoint: bucket statistics against values computed here, the source rule, visibility and bad input.</summary>
public sealed class SeriesEndpointTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed record Expected(DateTimeOffset Start, long Count, double Min, double Max, double Mean);

    private static async Task<JsonElement> GetSeriesAsync(HttpClient client, long id, DateTimeOffset from, DateTimeOffset to, int points)
    {
        using var response = await client.GetAsync($"/api/sensing/datastreams/{id}/series?from={Iso(from)}&to={Iso(to)}&points={points}", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return doc.RootElement.Clone();
    }

    private static void ShouldMatch(JsonElement body, IReadOnlyList<Expected> expected)
    {
        var buckets = body.GetProperty("buckets").EnumerateArray().ToList();
        buckets.Count.ShouldBe(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var b = buckets[i];
            b.GetProperty("start").GetDateTimeOffset().ShouldBe(expected[i].Start);
            b.GetProperty("count").GetInt64().ShouldBe(expected[i].Count);
            b.GetProperty("min").GetDouble().ShouldBe(expected[i].Min);
            b.GetProperty("max").GetDouble().ShouldBe(expected[i].Max);
            b.GetProperty("mean").GetDouble().ShouldBe(expected[i].Mean, 1e-9);
        }
    }

    [Theory, DatabaseData]
    public async Task Short_range_is_bucketed_from_raw_numeric_observations(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var (_, id) = await SensingArrange.DatastreamAsync(app);
        var from = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var to = from.AddHours(2);
        var random = new Random(7);
        var observations = new List<Observation>();
        for (var t = from.AddMinutes(-10); t < to.AddMinutes(10); t = t.AddSeconds(37))
        {
            observations.Add(SensingArrange.Number(id, t, Math.Round((random.NextDouble() * 40) - 10, 3)));
        }

        // a text result inside the range: not a number, so not in any bucket
        observations.Add(new Observation { DatastreamId = id, PhenomenonTimeStart = from.AddMinutes(30).AddMilliseconds(1), ResultKind = ResultKind.String, ResultString = "Sensorfehler" });
        await SensingArrange.ObservationsAsync(app, observations);

        var body = await GetSeriesAsync(app.AnonymousClient(), id, from, to, 10);

        body.GetProperty("source").GetString().ShouldBe("raw");
        const long width = 12 * 60 * 1000; // 2 h / 10 points
        body.GetProperty("bucketMilliseconds").GetInt64().ShouldBe(width);
        var expected = observations
            .Where(o => o.ResultKind == ResultKind.Number && o.PhenomenonTimeStart >= from && o.PhenomenonTimeStart < to)
            .GroupBy(o => (long)(o.PhenomenonTimeStart - from).TotalMilliseconds / width)
            .OrderBy(g => g.Key)
            .Select(g => new Expected(from.AddMilliseconds(g.Key * width), g.Count(), g.Min(o => o.ResultNumber!.Value), g.Max(o => o.ResultNumber!.Value), g.Average(o => o.ResultNumber!.Value)))
            .ToList();
        expected.Count.ShouldBe(10);
        ShouldMatch(body, expected);
        body.GetProperty("unit").GetProperty("symbol").GetString().ShouldBe("°C");
    }

    [Theory, DatabaseData]
    public async Task Month_range_is_summed_from_hourly_aggregates_and_a_two_year_range_from_daily_ones(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var (_, id) = await SensingArrange.DatastreamAsync(app);
        var january = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(11);
        var hours = new List<ObservationAggregate>();
        for (var t = january.AddDays(-2); t < january.AddDays(33); t = t.AddHours(1))
        {
            var count = random.Next(1, 13);
            var min = Math.Round(random.NextDouble() * 10, 2);
            var max = min + Math.Round(random.NextDouble() * 5, 2);
            hours.Add(new ObservationAggregate { DatastreamId = id, Resolution = 1, BucketStart = t, Count = count, Min = min, Max = max, Sum = Math.Round(count * (min + max) / 2, 3) });
        }

        var days = hours.GroupBy(h => new DateTimeOffset(h.BucketStart.Date, TimeSpan.Zero)).Select(g => new ObservationAggregate
        {
            DatastreamId = id,
            Resolution = 2,
            BucketStart = g.Key,
            Count = g.Sum(h => h.Count),
            Min = g.Min(h => h.Min),
            Max = g.Max(h => h.Max),
            Sum = g.Sum(h => h.Sum),
        }).ToList();
        await SensingArrange.AggregatesAsync(app, [.. hours, .. days]);
        // a raw outlier the aggregate path must not see
        await SensingArrange.ObservationsAsync(app, [SensingArrange.Number(id, january.AddDays(3), 1e6)]);

        var from = january.AddMinutes(30);
        var to = january.AddDays(30);
        var body = await GetSeriesAsync(app.AnonymousClient(), id, from, to, 100);

        body.GetProperty("source").GetString().ShouldBe("hour");
        // from rounds down to 00:00; 30 days = 720 h over 100 points: 7.2 h, rounded up to whole hours: 8 h, 90 buckets
        const long width = 8 * 3_600_000;
        body.GetProperty("bucketMilliseconds").GetInt64().ShouldBe(width);
        body.GetProperty("origin").GetDateTimeOffset().ShouldBe(january);
        var expected = hours
            .Where(h => h.BucketStart >= january && h.BucketStart < to)
            .GroupBy(h => (long)(h.BucketStart - january).TotalMilliseconds / width)
            .OrderBy(g => g.Key)
            .Select(g => new Expected(january.AddMilliseconds(g.Key * width), g.Sum(h => h.Count), g.Min(h => h.Min), g.Max(h => h.Max), g.Sum(h => h.Sum) / g.Sum(h => h.Count)))
            .ToList();
        expected.Count.ShouldBe(90);
        ShouldMatch(body, expected);

        var longBody = await GetSeriesAsync(app.AnonymousClient(), id, january.AddYears(-1), january.AddYears(1), 50);
        longBody.GetProperty("source").GetString().ShouldBe("day");
        var dayWidth = longBody.GetProperty("bucketMilliseconds").GetInt64();
        (dayWidth % 86_400_000).ShouldBe(0);
        var buckets = longBody.GetProperty("buckets").EnumerateArray().ToList();
        buckets.Count.ShouldBeLessThanOrEqualTo(50);
        buckets.Sum(b => b.GetProperty("count").GetInt64()).ShouldBe(days.Sum(d => d.Count));
        buckets.Max(b => b.GetProperty("max").GetDouble()).ShouldBe(days.Max(d => d.Max));
    }

    [Theory, DatabaseData]
    public async Task Internal_and_restricted_datastreams_are_404_to_those_who_may_not_see_them(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var (_, internalId) = await SensingArrange.DatastreamAsync(app, thingLevel: SensingAccessLevels.Internal);
        var (_, restrictedId) = await SensingArrange.DatastreamAsync(app, thingName: "Pegel", streamLevel: SensingAccessLevels.Restricted);
        var (_, publicStreamOfInternalThing) = await SensingArrange.DatastreamAsync(app, thingName: "Zähler", thingLevel: SensingAccessLevels.Internal, streamLevel: SensingAccessLevels.Public);
        var anonymous = app.AnonymousClient();
        var staff = await app.ClientAsync("demo", "staff");
        var steward = await app.ClientAsync("demo", "data-steward");
        const string Range = "from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z";

        async Task<HttpStatusCode> StatusAsync(HttpClient client, long id)
        {
            using var response = await client.GetAsync($"/api/sensing/datastreams/{id}/series?{Range}", Ct);
            return response.StatusCode;
        }

        (await StatusAsync(anonymous, internalId)).ShouldBe(HttpStatusCode.NotFound);
        (await StatusAsync(staff, internalId)).ShouldBe(HttpStatusCode.OK);
        (await StatusAsync(staff, restrictedId)).ShouldBe(HttpStatusCode.NotFound);
        (await StatusAsync(steward, restrictedId)).ShouldBe(HttpStatusCode.OK);
        (await StatusAsync(anonymous, publicStreamOfInternalThing)).ShouldBe(HttpStatusCode.OK);
        (await StatusAsync(anonymous, 987654)).ShouldBe(HttpStatusCode.NotFound);
        using var csv = await anonymous.GetAsync($"/api/sensing/datastreams/{internalId}/export.csv?{Range}", Ct);
        csv.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task Bad_parameters_are_rejected_with_a_problem_document(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var (_, id) = await SensingArrange.DatastreamAsync(app);
        var client = app.AnonymousClient();
        foreach (var (query, field) in new[]
        {
            ($"{id}/series?points=0", "points"),
            ($"{id}/series?points=5001", "points"),
            ($"{id}/series?points=viele", "points"),
            ($"{id}/series?from=gestern", "from"),
            ($"{id}/series?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from"),
            ($"{id}/export.csv?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to"),
            ($"{id}/export.csv?to=2026-13-45", "to"),
            ("abc/series", "id"),
            ("-1/export.csv", "id"),
        })
        {
            using var response = await client.GetAsync("/api/sensing/datastreams/" + query, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            doc.RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(query);
        }
    }

    [Fact]
    public void The_plan_never_exceeds_the_points_and_aligns_aggregate_buckets()
    {
        var from = new DateTimeOffset(2026, 5, 3, 13, 47, 12, 345, TimeSpan.Zero);
        foreach (var (span, points) in new[] { (TimeSpan.FromMinutes(5), 500), (TimeSpan.FromDays(1), 500), (TimeSpan.FromDays(7), 500), (TimeSpan.FromDays(30), 500), (TimeSpan.FromDays(365), 500), (TimeSpan.FromDays(365), 5000), (TimeSpan.FromDays(3650), 7), (TimeSpan.FromMilliseconds(3), 5000) })
        {
            var to = from + span;
            var plan = PlanSeries.Plan(from, to, points);
            var buckets = PlanSeries.BucketOf(plan, to.AddTicks(-1)) + 1;
            buckets.ShouldBeLessThanOrEqualTo(points, $"{span} / {points}");
            plan.Origin.ShouldBeLessThanOrEqualTo(from);
            if (plan.Source != SeriesSource.Raw)
            {
                var resolution = plan.Source == SeriesSource.Hour ? PlanSeries.Hour : PlanSeries.Day;
                (plan.BucketMilliseconds % resolution).ShouldBe(0);
                (plan.Origin.ToUnixTimeMilliseconds() % resolution).ShouldBe(0);
            }
            else
            {
                plan.Origin.ShouldBe(from);
                plan.BucketMilliseconds.ShouldBeLessThan(PlanSeries.Hour);
            }
        }

        PlanSeries.Plan(from, from.AddDays(1), 500).Source.ShouldBe(SeriesSource.Raw);
        PlanSeries.Plan(from, from.AddDays(30), 500).Source.ShouldBe(SeriesSource.Hour);
        PlanSeries.Plan(from, from.AddDays(365), 100).Source.ShouldBe(SeriesSource.Day);
    }
}
