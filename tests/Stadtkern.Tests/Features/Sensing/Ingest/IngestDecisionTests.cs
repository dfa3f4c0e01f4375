using System.Text.Json;
using System.Text.Json.Nodes;
using Stadtkern.Features.Sensing.Ingest;

namespace Stadtkern.Tests.Features.Sensing.Ingest;

public sealed class IngestDecisionTests
{
    [Fact]
    public void Canonical_json_sorts_members_and_normalises_numbers()
    {
        ResultHash.Canonical(JsonNode.Parse("{ \"b\": [1, 2.50, 1e2], \"a\": {\"y\": true, \"x\": null}, \"ä\": \"\\u00e4\\n\" }"))
            .ShouldBe("{\"a\":{\"x\":null,\"y\":true},\"b\":[1,2.5,100],\"ä\":\"ä\\n\"}");
        ResultHash.Of(JsonNode.Parse("{\"a\":1,\"b\":2}")).ShouldBe(ResultHash.Of(JsonNode.Parse("{\"b\":2.0,\"a\":1}")));
        ResultHash.Of(JsonValue.Create(21.5)).ShouldBe(ResultHash.OfNumber(21.5));
        ResultHash.Of(JsonValue.Create("21.5")).ShouldNotBe(ResultHash.OfNumber(21.5));
    }

    [Fact]
    public void The_hash_is_stable_FNV1a_of_the_canonical_text()
    {
        // FNV-1a 64 of the empty input is the offset basis; of "a" a published test vector (0xaf63dc4c8601ec8c).
        ResultHash.Fnv("").ShouldBe(unchecked((long)14695981039346656037UL));
        ResultHash.Fnv("a").ShouldBe(unchecked((long)0xaf63dc4c8601ec8cUL));
        ResultHash.OfNumber(20).ShouldBe(ResultHash.Fnv("20"));
    }

    [Fact]
    public void A_batch_summary_widens_extents_moves_latest_and_buckets_numbers()
    {
        var t = new DateTimeOffset(2026, 1, 1, 23, 30, 0, TimeSpan.Zero);
        ObservationRow Row(DateTimeOffset time, JsonNode? result, DateTimeOffset? end = null) =>
            ObservationRow.From(new IncomingObservation(7, time, end, null, result, null, null, null, null, null))!;
        var (changes, aggregates) = SummariseBatch.Of([(Row(t, JsonValue.Create(2.0)), 10), (Row(t.AddHours(1), JsonValue.Create(4.0)), 11),
            (Row(t.AddMinutes(-10), JsonValue.Create("x"), t.AddHours(3)), 12)]);

        var change = changes.Single();
        change.PhenomenonStart.ShouldBe(t.AddMinutes(-10));
        change.PhenomenonEnd.ShouldBe(t.AddHours(3));
        change.LatestId.ShouldBe(11);
        change.LatestResult.ShouldBe("4");
        change.Count.ShouldBe(3);
        aggregates.Select(a => (a.Resolution, a.BucketStart.Day, a.Count, a.Sum)).ShouldBe([(SummariseBatch.Hour, 1, 1L, 2.0), (SummariseBatch.Hour, 2, 1L, 4.0),
            (SummariseBatch.Day, 1, 1L, 2.0), (SummariseBatch.Day, 2, 1L, 4.0)]);
    }

    [Fact]
    public void DataArray_times_accept_offsets_with_and_without_colon_and_intervals()
    {
        ParseDataArray.TryTime("2010-12-23T10:20:00-0700", out var a).ShouldBeTrue();
        a.UtcDateTime.ShouldBe(new DateTime(2010, 12, 23, 17, 20, 0, DateTimeKind.Utc));
        ParseDataArray.TryTime("2010-12-23T10:20:00.123+01:00", out var b).ShouldBeTrue();
        b.UtcDateTime.ShouldBe(new DateTime(2010, 12, 23, 9, 20, 0, 123, DateTimeKind.Utc));
        ParseDataArray.TryTime("23.12.2010", out _).ShouldBeFalse();

        using var doc = JsonDocument.Parse("[{\"Datastream\":{\"@iot.id\":\"4\"},\"components\":[\"phenomenonTime\",\"result\",\"FeatureOfInterest/id\",\"parameters\"],"
            + "\"dataArray\":[[\"2010-12-23T10:20:00Z/2010-12-23T10:30:00Z\",{\"a\":1},9,{\"k\":\"v\"}],[\"2010-12-23T10:30:00Z/2010-12-23T10:20:00Z\",1,null,null],[1]]}]");
        var parsed = ParseDataArray.Parse(doc.RootElement, DateTimeOffset.UnixEpoch);
        parsed.Error.ShouldBeNull();
        parsed.Rows[0].Observation!.PhenomenonTimeEnd.ShouldBe(new DateTimeOffset(2010, 12, 23, 10, 30, 0, TimeSpan.Zero));
        parsed.Rows[0].Observation!.FeatureOfInterestId.ShouldBe(9);
        parsed.Rows[0].Observation!.DatastreamId.ShouldBe(4);
        parsed.Rows[1].Observation.ShouldBeNull(); // end before start
        parsed.Rows[2].Observation.ShouldBeNull(); // too few values
    }

    [Fact]
    public void DataArray_members_may_come_in_any_order_and_bad_bodies_are_told_apart()
    {
        var now = new DateTimeOffset(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);
        ParseDataArray.Parsed Parse(string json) => ParseDataArray.Parse(System.Text.Encoding.UTF8.GetBytes(json), now);

        // dataArray before components and Datastream; an escaped member name; unknown members skipped; values of every kind.
        var parsed = Parse("[{\"dataArray\":[[null,\"trocken\",{\"q\":[1,2]},\"2026-03-14T10:00:00+01:00\"],[\"2026-03-14T10:00:00Z\",[1,{\"b\":2,\"a\":1}],null,null],"
            + "[\"2026-03-14T10:00:00Z\",true],[\"2026-03-14T10:00:00Z\",1e400,null,null]],\"x\":{\"y\":[1]},"
            + "\"comp\\u006fnents\":[\"phenomenonTime\",\"result\",\"resultQuality\",\"resultTime\"],\"Datastream\":{\"name\":\"a\",\"@iot.id\":7}}]");
        parsed.Error.ShouldBeNull();
        parsed.Rows.Count.ShouldBe(4);
        var first = parsed.Rows[0].Observation!;
        first.DatastreamId.ShouldBe(7);
        first.PhenomenonTimeStart.ShouldBe(now); // null phenomenonTime: now
        first.Result!.GetValue<string>().ShouldBe("trocken");
        first.ResultQualityJson.ShouldBe("{\"q\":[1,2]}");
        first.ResultTime.ShouldBe(new DateTimeOffset(2026, 3, 14, 9, 0, 0, TimeSpan.Zero));
        ResultHash.Canonical(parsed.Rows[1].Observation!.Result).ShouldBe("[1,{\"a\":1,\"b\":2}]");
        parsed.Rows[2].Observation.ShouldBeNull(); // too few values
        parsed.Rows[3].Observation.ShouldBeNull(); // not a finite number

        Parse("[{\"Datastream\":{\"@iot.id\":1},\"components\":[\"result\",\"colour\"],\"dataArray\":[]}]").Error!.ShouldContain("colour");
        Parse("[{\"Datastream\":{\"@iot.id\":1},\"components\":[\"result\"]}]").Error.ShouldNotBeNull();
        Parse("{}").Error.ShouldNotBeNull();
        Should.Throw<ParseDataArray.NotJsonException>(() => Parse("[{\"Datastream\":{\"@iot.id\":1},\"components\":[\"result\"],\"dataArray\":[[1]]}] x"));
        Should.Throw<ParseDataArray.NotJsonException>(() => Parse("[{\"Datastream\":{\"@iot.id\":1},\"components\":[\"result\"],\"dataArray\":[[1]]"));
        Should.Throw<ParseDataArray.NotJsonException>(() => Parse(""));
    }
}
