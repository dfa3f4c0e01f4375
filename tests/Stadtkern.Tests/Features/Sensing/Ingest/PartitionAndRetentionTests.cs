using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Sensing.Ingest.IngestTestData;

namespace Stadtkern.Tests.Features.Sensing.Ingest;

public sealed class PartitionAndRetentionTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    /// <summary>Partitions exist only on PostgreSQL, so this test has no SQLite row.</summary>
    [Fact]
    public async Task Monthly_partitions_are_created_on_demand_and_far_off_rows_land_in_the_default_partition()
    {
        if (TestDatabases.PostgresSkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        var app = await fixture.StartAsync(DatabaseProvider.Postgres);
        var tenant = await app.TenantIdAsync();
        var probe = app.Probe();
        var stream = await probe.CreateDatastreamAsync(tenant);
        var ct = TestContext.Current.CancellationToken;
        var month = new DateTimeOffset(2025, 2, 27, 23, 0, 0, TimeSpan.Zero);

        var result = await app.Writer().WriteAsync([Number(stream, month, 1), Number(stream, month.AddDays(2), 2), Number(stream, new DateTimeOffset(1961, 5, 1, 0, 0, 0, TimeSpan.Zero), 3)], null, tenant, ct);
        result.Outcomes.ShouldAllBe(o => o == IngestOutcome.Stored);

        var placed = await probe.RowsAsync("SELECT tableoid::regclass::text, result_number FROM sensing_observations ORDER BY result_number");
        placed.Select(r => (string)r[0]!).ShouldBe(["sensing_observations_y2025m02", "sensing_observations_y2025m03", "sensing_observations_default"]);

        // Several writers creating the same partition at once (as several instances would) all succeed.
        var partitions = app.Services.GetRequiredService<ObservationPartitions>();
        partitions.Forget(2025, 4);
        var april = new DateTimeOffset(2025, 4, 2, 0, 0, 0, TimeSpan.Zero);
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => app.Writer().WriteAsync([Number(stream, april.AddSeconds(i), i)], null, tenant, CancellationToken.None))));
        (await probe.CountAsync("SELECT COUNT(*) FROM sensing_observations_y2025m04")).ShouldBe(6);
    }

    [Theory, DatabaseData]
    public async Task Retention_deletes_old_raw_observations_and_keeps_aggregates_and_counts_right(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var tenant = await app.TenantIdAsync();
        var probe = app.Probe();
        var keep = await probe.CreateDatastreamAsync(tenant, retentionDays: null, name: "alles");
        var shortLived = await probe.CreateDatastreamAsync(tenant, retentionDays: 30, name: "kurz");
        var ct = TestContext.Current.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        var old = now.AddDays(-90);
        var oldShortOnly = now.AddDays(-400); // a month in which only the short-lived stream has rows (PostgreSQL: dropped whole)

        await app.Writer().WriteAsync([Number(keep, old, 1), Number(shortLived, old, 2), Number(shortLived, old.AddMinutes(1), 3),
            Number(shortLived, oldShortOnly, 4), Number(shortLived, now.AddDays(-1), 5), Number(keep, now.AddDays(-1), 6)], null, tenant, ct);
        var aggregatesBefore = await probe.CountAsync("SELECT COUNT(*) FROM sensing_aggregates");

        var summary = await app.Services.GetRequiredService<ApplyRetention>().RunAsync(ct);

        (await probe.CountAsync("SELECT COUNT(*) FROM sensing_observations WHERE datastream_id = @p0", keep)).ShouldBe(2);
        (await probe.CountAsync("SELECT COUNT(*) FROM sensing_observations WHERE datastream_id = @p0", shortLived)).ShouldBe(1);
        (await probe.CountAsync("SELECT observation_count FROM sensing_datastreams WHERE id = @p0", shortLived)).ShouldBe(1);
        (await probe.CountAsync("SELECT observation_count FROM sensing_datastreams WHERE id = @p0", keep)).ShouldBe(2);
        SqlProbe.Time(await probe.ScalarAsync("SELECT phenomenon_time_start FROM sensing_datastreams WHERE id = @p0", shortLived))
            .ShouldBe(ObservationRow.Cut(now.AddDays(-1)));
        (await probe.CountAsync("SELECT COUNT(*) FROM sensing_aggregates")).ShouldBe(aggregatesBefore);
        if (db == DatabaseProvider.Postgres)
        {
            var month = oldShortOnly.UtcDateTime;
            summary.DroppedPartitions.ShouldContain(ObservationPartitions.NameOf(month.Year, month.Month));
            summary.DroppedPartitions.ShouldNotContain(ObservationPartitions.NameOf(old.UtcDateTime.Year, old.UtcDateTime.Month));
            summary.DeletedRows.ShouldBe(2);
        }
        else
        {
            summary.DeletedRows.ShouldBe(3);
        }
    }
}
