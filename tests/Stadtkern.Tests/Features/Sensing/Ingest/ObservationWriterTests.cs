using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Sensing.Ingest.IngestTestData;

namespace Stadtkern.Tests.Features.Sensing.Ingest;

public sealed class ObservationWriterTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory, DatabaseData]
    public async Task Many_concurrent_writers_store_every_observation_once_and_the_count_is_exact(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var tenant = await app.TenantIdAsync();
        var probe = app.Probe();
        var streams = new[] { await probe.CreateDatastreamAsync(tenant, name: "a"), await probe.CreateDatastreamAsync(tenant, name: "b") };
        var writer = app.Writer();
        const int Writers = 16, Requests = 25, PerRequest = 20;
        var stored = 0;
        var ids = new ConcurrentBag<long>();
        await Parallel.ForAsync(0, Writers, async (w, ct) =>
        {
            for (var r = 0; r < Requests; r++)
            {
                var observations = Enumerable.Range(0, PerRequest)
                    .Select(i => Number(streams[(w + i) % 2], Base.AddSeconds((((w * Requests) + r) * PerRequest) + i), w + (i / 10.0)))
                    .ToList();
                var result = await writer.WriteAsync(observations, null, tenant, ct);
                Interlocked.Add(ref stored, result.Outcomes.Count(o => o == IngestOutcome.Stored));
                foreach (var id in result.ObservationIds)
                {
                    ids.Add(id!.Value);
                }
            }
        });

        const int Total = Writers * Requests * PerRequest;
        stored.ShouldBe(Total);
        ids.Distinct().Count().ShouldBe(Total);
        (await probe.CountAsync("SELECT COUNT(*) FROM sensing_observations")).ShouldBe(Total);
        (await probe.CountAsync("SELECT SUM(observation_count) FROM sensing_datastreams")).ShouldBe(Total);
        foreach (var stream in streams)
        {
            (await probe.CountAsync("SELECT observation_count FROM sensing_datastreams WHERE id = @p0", stream))
                .ShouldBe(await probe.CountAsync("SELECT COUNT(*) FROM sensing_observations WHERE datastream_id = @p0", stream));
        }
    }

    [Theory, DatabaseData]
    public async Task Same_datastream_time_and_result_is_stored_once_and_answers_with_the_original_id(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var tenant = await app.TenantIdAsync();
        var stream = await app.Probe().CreateDatastreamAsync(tenant);
        var writer = app.Writer();

        var first = await writer.WriteAsync([Number(stream, Base, 21.5), Result(stream, Base, JsonNode.Parse("{\"a\":1,\"b\":[1,2]}"))], null, tenant, TestContext.Current.CancellationToken);
        first.Outcomes.ShouldBe([IngestOutcome.Stored, IngestOutcome.Stored]);

        // 21.50 is the same number; the object with its members in another order is the same result; within one request too.
        var again = await writer.WriteAsync(
            [Number(stream, Base, 21.50), Result(stream, Base, JsonNode.Parse("{\"b\":[1,2.0],\"a\":1}")), Number(stream, Base, 22), Number(stream, Base, 22)],
            null, tenant, TestContext.Current.CancellationToken);
        again.Outcomes.ShouldBe([IngestOutcome.Duplicate, IngestOutcome.Duplicate, IngestOutcome.Stored, IngestOutcome.Duplicate]);
        again.ObservationIds[0].ShouldBe(first.ObservationIds[0]);
        again.ObservationIds[1].ShouldBe(first.ObservationIds[1]);
        again.ObservationIds[3].ShouldBe(again.ObservationIds[2]);

        // The same value at another time, or a string "21.5", is another observation.
        var other = await writer.WriteAsync([Number(stream, Base.AddSeconds(1), 21.5), Result(stream, Base, JsonValue.Create("21.5"))], null, tenant, TestContext.Current.CancellationToken);
        other.Outcomes.ShouldBe([IngestOutcome.Stored, IngestOutcome.Stored]);
        (await app.Probe().CountAsync("SELECT COUNT(*) FROM sensing_observations")).ShouldBe(5);
        (await app.Probe().CountAsync("SELECT observation_count FROM sensing_datastreams WHERE id = @p0", stream)).ShouldBe(5);
    }

    [Theory, DatabaseData]
    public async Task Concurrent_duplicates_are_stored_exactly_once(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var tenant = await app.TenantIdAsync();
        var stream = await app.Probe().CreateDatastreamAsync(tenant);
        var writer = app.Writer();
        var observations = Enumerable.Range(0, 100).Select(i => Number(stream, Base.AddMinutes(i), i)).ToList();
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => writer.WriteAsync(observations, null, tenant, CancellationToken.None))));

        results.Sum(r => r.Outcomes.Count(o => o == IngestOutcome.Stored)).ShouldBe(100);
        results.Sum(r => r.Outcomes.Count(o => o == IngestOutcome.Duplicate)).ShouldBe(1100);
        foreach (var result in results)
        {
            result.ObservationIds.ShouldBe(results[0].ObservationIds);
        }

        (await app.Probe().CountAsync("SELECT COUNT(*) FROM sensing_observations")).ShouldBe(100);
        (await app.Probe().CountAsync("SELECT observation_count FROM sensing_datastreams WHERE id = @p0", stream)).ShouldBe(100);
    }

    [Theory, DatabaseData]
    public async Task A_repeated_idempotency_key_writes_nothing_and_answers_duplicate(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var tenant = await app.TenantIdAsync();
        var stream = await app.Probe().CreateDatastreamAsync(tenant);
        var writer = app.Writer();
        var ct = TestContext.Current.CancellationToken;

        var first = await writer.WriteAsync([Number(stream, Base, 1), Number(stream, Base.AddMinutes(1), 2)], "uplink-7", tenant, ct);
        first.Outcomes.ShouldAllBe(o => o == IngestOutcome.Stored);
        var repeat = await writer.WriteAsync([Number(stream, Base, 1), Number(stream, Base.AddMinutes(1), 2)], "uplink-7", tenant, ct);
        repeat.Outcomes.ShouldAllBe(o => o == IngestOutcome.Duplicate);
        repeat.ObservationIds.ShouldBe(first.ObservationIds);

        // The key alone decides: other observations under a used key are not written.
        var sameKeyOtherData = await writer.WriteAsync([Number(stream, Base.AddHours(5), 99)], "uplink-7", tenant, ct);
        sameKeyOtherData.Outcomes.ShouldBe([IngestOutcome.Duplicate]);
        (await app.Probe().CountAsync("SELECT COUNT(*) FROM sensing_observations")).ShouldBe(2);

        // Concurrent requests with one fresh key: one writes, all others are duplicates.
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => writer.WriteAsync([Number(stream, Base.AddDays(1).AddSeconds(i), i)], "uplink-8", tenant, CancellationToken.None))));
        concurrent.Count(r => r.Outcomes[0] == IngestOutcome.Stored).ShouldBe(1);
        (await app.Probe().CountAsync("SELECT COUNT(*) FROM sensing_observations")).ShouldBe(3);
        (await app.Probe().CountAsync("SELECT COUNT(*) FROM sensing_ingest_keys")).ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task Extents_latest_and_count_follow_every_batch_even_out_of_order(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var tenant = await app.TenantIdAsync();
        var probe = app.Probe();
        var stream = await probe.CreateDatastreamAsync(tenant);
        var writer = app.Writer();
        var ct = TestContext.Current.CancellationToken;

        var newest = await writer.WriteAsync([Number(stream, Base.AddHours(2), 3, resultTime: Base.AddHours(3)), Number(stream, Base.AddHours(1), 2)], null, tenant, ct);
        await writer.WriteAsync([Number(stream, Base, 1, resultTime: Base.AddMinutes(5)),
            new IncomingObservation(stream, Base.AddMinutes(30), Base.AddHours(4), null, JsonValue.Create("trocken"), null, null, null, null, null)], null, tenant, ct);

        var row = (await probe.RowsAsync(
            "SELECT phenomenon_time_start, phenomenon_time_end, result_time_start, result_time_end, latest_observation_id, latest_phenomenon_time, observation_count "
            + "FROM sensing_datastreams WHERE id = @p0", stream)).Single();
        SqlProbe.Time(row[0]).ShouldBe(Base);
        SqlProbe.Time(row[1]).ShouldBe(Base.AddHours(4)); // the interval's end
        SqlProbe.Time(row[2]).ShouldBe(Base.AddMinutes(5));
        SqlProbe.Time(row[3]).ShouldBe(Base.AddHours(3));
        Convert.ToInt64(row[4], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(newest.ObservationIds[0]!.Value); // the later batch was older
        SqlProbe.Time(row[5]).ShouldBe(Base.AddHours(2));
        Convert.ToInt64(row[6], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(4);
        var latest = Convert.ToString(await probe.ScalarAsync("SELECT latest_result FROM sensing_datastreams WHERE id = @p0", stream), System.Globalization.CultureInfo.InvariantCulture);
        JsonNode.Parse(latest!)!.GetValue<double>().ShouldBe(3);

        await writer.WriteAsync([Number(stream, Base.AddDays(1), 7.25)], null, tenant, ct);
        SqlProbe.Time(await probe.ScalarAsync("SELECT latest_phenomenon_time FROM sensing_datastreams WHERE id = @p0", stream)).ShouldBe(Base.AddDays(1));
        latest = Convert.ToString(await probe.ScalarAsync("SELECT latest_result FROM sensing_datastreams WHERE id = @p0", stream), System.Globalization.CultureInfo.InvariantCulture);
        JsonNode.Parse(latest!)!.GetValue<double>().ShouldBe(7.25);
    }

    [Theory, DatabaseData]
    public async Task Hourly_and_daily_aggregates_merge_across_batches_for_numbers_only(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var tenant = await app.TenantIdAsync();
        var probe = app.Probe();
        var stream = await probe.CreateDatastreamAsync(tenant);
        var writer = app.Writer();
        var ct = TestContext.Current.CancellationToken;

        await writer.WriteAsync([Number(stream, Base.AddMinutes(5), 10), Number(stream, Base.AddMinutes(50), 4), Number(stream, Base.AddMinutes(70), 1)], null, tenant, ct);
        await writer.WriteAsync([Number(stream, Base.AddMinutes(20), 16), Result(stream, Base.AddMinutes(21), JsonValue.Create("n/a")),
            Number(stream, Base.AddMinutes(5), 10)], null, tenant, ct); // the last one is a duplicate and must not count twice

        var rows = await probe.RowsAsync("SELECT resolution, bucket_start, count, sum, min, max FROM sensing_aggregates WHERE datastream_id = @p0 ORDER BY resolution, bucket_start", stream);
        rows.Count.ShouldBe(3);
        Check(rows[0], 1, Base, 3, 30, 4, 16);
        Check(rows[1], 1, Base.AddHours(1), 1, 1, 1, 1);
        Check(rows[2], 2, new DateTimeOffset(2026, 3, 14, 0, 0, 0, TimeSpan.Zero), 4, 31, 1, 16);

        static void Check(object?[] row, int resolution, DateTimeOffset bucket, long count, double sum, double min, double max)
        {
            Convert.ToInt32(row[0], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(resolution);
            SqlProbe.Time(row[1]).ShouldBe(bucket);
            Convert.ToInt64(row[2], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(count);
            Convert.ToDouble(row[3], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(sum);
            Convert.ToDouble(row[4], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(min);
            Convert.ToDouble(row[5], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(max);
        }
    }

    [Theory, DatabaseData]
    public async Task A_bad_observation_in_a_batch_fails_alone(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var tenant = await app.TenantIdAsync();
        var probe = app.Probe();
        var stream = await probe.CreateDatastreamAsync(tenant);
        var gone = await probe.CreateDatastreamAsync(tenant, name: "abgebaut");
        await probe.ExecuteAsync("DELETE FROM sensing_datastreams WHERE id = @p0", gone);
        var writer = (ObservationWriter)app.Services.GetService(typeof(ObservationWriter))!;
        var ct = TestContext.Current.CancellationToken;

        Task<IngestResult> a, b, c, d;
        await using (await writer.PauseAsync())
        {
            // All four wait in the queue and go into one batch when the writer resumes. PostgreSQL refuses text with a NUL
            // character (SQLite stores it): the batch fails there, is retried request by request and that one row is rejected.
            a = writer.WriteAsync([Number(stream, Base, 1)], null, tenant, ct);
            b = writer.WriteAsync([Number(stream, Base.AddMinutes(1), 2), Result(stream, Base.AddMinutes(2), JsonValue.Create("a\u0000b")), Number(stream, Base.AddMinutes(3), 4)], null, tenant, ct);
            c = writer.WriteAsync([Number(gone, Base, 5), Number(stream, Base.AddMinutes(5), 7)], "key-with-a-deleted-stream", tenant, ct);
            d = writer.WriteAsync([Number(stream, Base.AddMinutes(4), 6)], null, tenant, ct);
        }

        var nulRow = db == DatabaseProvider.Postgres ? IngestOutcome.Rejected : IngestOutcome.Stored;
        (await a).Outcomes.ShouldBe([IngestOutcome.Stored]);
        (await b).Outcomes.ShouldBe([IngestOutcome.Stored, nulRow, IngestOutcome.Stored]);
        (await c).Outcomes.ShouldBe([IngestOutcome.Rejected, IngestOutcome.Stored]);
        (await c).ObservationIds[0].ShouldBeNull();
        (await d).Outcomes.ShouldBe([IngestOutcome.Stored]);
        var expected = db == DatabaseProvider.Postgres ? 5 : 6;
        (await probe.CountAsync("SELECT COUNT(*) FROM sensing_observations")).ShouldBe(expected);
        (await probe.CountAsync("SELECT observation_count FROM sensing_datastreams WHERE id = @p0", stream)).ShouldBe(expected);
    }
}
