using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Features.Sensing.Query;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Api;

/// <summary>
/// A plain <see cref="IObservationWriter"/>: each call is one transaction of single-row inserts (duplicates skipped by the unique
/// index) plus one update of each Datastream's extents, latest value and count. It stands in until the batching ingest writer is
/// registered (that registration replaces this one); it ignores the idempotency key.
/// </summary>
internal sealed class DirectObservationWriter(IServiceScopeFactory scopes) : IObservationWriter
{
    public async Task<IngestResult> WriteAsync(IReadOnlyList<IncomingObservation> observations, string? idempotencyKey, Guid tenantId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        var sql = scope.ServiceProvider.GetRequiredService<SensingSql>();
        var provider = sql.Provider;
        var outcomes = new List<IngestOutcome>();
        var ids = new List<long?>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var observation in observations)
        {
            StoredResult result;
            try
            {
                result = ObservationResults.Encode(observation.Result);
            }
            catch (FormatException)
            {
                outcomes.Add(IngestOutcome.Rejected);
                ids.Add(null);
                continue;
            }

            var p = sql.NewParameters();
            object? Time(DateTimeOffset? t) => t is { } v ? ColumnPlan.TimeValue(v, provider) : null;
            var statement = "INSERT INTO sensing_observations (datastream_id, phenomenon_time_start, phenomenon_time_end, result_time, result_kind, "
                + "result_number, result_string, result_json, result_quality, valid_time_start, valid_time_end, parameters, feature_of_interest_id, result_hash) VALUES ("
                + $"{p.Add(observation.DatastreamId)}, {p.Add(Time(observation.PhenomenonTimeStart))}, {p.Add(Time(observation.PhenomenonTimeEnd))}, "
                + $"{p.Add(Time(observation.ResultTime))}, {p.Add((short)result.Kind)}, {p.Add(result.Number)}, {p.Add(result.Text)}, "
                + $"{Json(p.Add(result.Json), provider)}, {Json(p.Add(observation.ResultQualityJson), provider)}, {p.Add(Time(observation.ValidTimeStart))}, "
                + $"{p.Add(Time(observation.ValidTimeEnd))}, {Json(p.Add(observation.ParametersJson), provider)}, {p.Add(observation.FeatureOfInterestId)}, {p.Add(result.Hash)}) "
                + "ON CONFLICT (datastream_id, phenomenon_time_start, result_hash) DO NOTHING RETURNING id";
            var inserted = await sql.ReadAsync(statement, p, r => Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), ct);
            outcomes.Add(inserted.Count > 0 ? IngestOutcome.Stored : IngestOutcome.Duplicate);
            ids.Add(inserted.Count > 0 ? inserted[0] : null);
        }

        var stored = observations.Zip(ids).Where(x => x.Second is not null).ToList();
        foreach (var stream in stored.GroupBy(x => x.First.DatastreamId))
        {
            var p = sql.NewParameters();
            var items = stream.ToList();
            var minStart = items.Min(x => x.First.PhenomenonTimeStart);
            var maxEnd = items.Max(x => x.First.PhenomenonTimeEnd ?? x.First.PhenomenonTimeStart);
            var latest = items.OrderBy(x => x.First.PhenomenonTimeStart).ThenBy(x => x.Second).Last();
            var resultTimes = items.Where(x => x.First.ResultTime is not null).Select(x => x.First.ResultTime!.Value).ToList();
            var start = p.Add(ColumnPlan.TimeValue(minStart, provider));
            var end = p.Add(ColumnPlan.TimeValue(maxEnd, provider));
            var latestTime = p.Add(ColumnPlan.TimeValue(latest.First.PhenomenonTimeStart, provider));
            var latestId = p.Add(latest.Second);
            var latestResult = Json(p.Add(latest.First.Result?.ToJsonString() ?? "null"), provider);
            var resultSql = "";
            if (resultTimes.Count > 0)
            {
                var rs = p.Add(ColumnPlan.TimeValue(resultTimes.Min(), provider));
                var re = p.Add(ColumnPlan.TimeValue(resultTimes.Max(), provider));
                resultSql = $", result_time_start = CASE WHEN result_time_start IS NULL OR result_time_start > {rs} THEN {rs} ELSE result_time_start END"
                    + $", result_time_end = CASE WHEN result_time_end IS NULL OR result_time_end < {re} THEN {re} ELSE result_time_end END";
            }

            var newer = $"(latest_phenomenon_time IS NULL OR latest_phenomenon_time <= {latestTime})";
            await sql.ExecuteAsync(
                $"UPDATE sensing_datastreams SET observation_count = observation_count + {p.Add((long)items.Count)}, "
                + $"phenomenon_time_start = CASE WHEN phenomenon_time_start IS NULL OR phenomenon_time_start > {start} THEN {start} ELSE phenomenon_time_start END, "
                + $"phenomenon_time_end = CASE WHEN phenomenon_time_end IS NULL OR phenomenon_time_end < {end} THEN {end} ELSE phenomenon_time_end END, "
                + $"latest_observation_id = CASE WHEN {newer} THEN {latestId} ELSE latest_observation_id END, "
                + $"latest_result = CASE WHEN {newer} THEN {latestResult} ELSE latest_result END, "
                + $"latest_phenomenon_time = CASE WHEN {newer} THEN {latestTime} ELSE latest_phenomenon_time END{resultSql} "
                + $"WHERE id = {p.Add(stream.Key)}",
                p, ct);
        }

        await transaction.CommitAsync(ct);
        return new IngestResult(outcomes, ids);
    }

    private static string Json(string placeholder, DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? $"CAST({placeholder} AS jsonb)" : placeholder;
}
