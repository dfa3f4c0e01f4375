using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Stadtkern.Bench.SensingQuery;

internal static class SensingQueryReport
{
    public static string Markdown(JsonObject results, List<(QueryCase Case, LatencyStats Http, LatencyStats Sql)> measured, SensingQueryArgs options)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine("### SensorThings queries on PostgreSQL");
        md.AppendLine();
        md.AppendLine(inv, $"Started {results["startedUtc"]}; {results["machine"]!["processors"]} cores, shared with other work: load average before {results["machine"]!["loadavgBefore"]}, after {results["machine"]!["loadavgAfter"]}. Whole run {results["totalSeconds"]} s.");
        md.AppendLine();
        md.AppendLine(inv, $"Data: {results["series"]} ({results["observationRows"]} rows counted by the datastreams; table with indexes {results["tableSize"]}).");
        if (results["load"] is JsonObject load)
        {
            md.AppendLine(inv, $"Load: binary COPY with {options.Workers} connections {load["copySeconds"]} s ({load["observationsPerSecond"]} observations/s, {load["aggregateRows"]} hourly/daily aggregate rows alongside, {load["partitions"]} monthly partitions), datastream upkeep {load["datastreamSeconds"]} s, VACUUM ANALYZE {load["analyzeSeconds"]} s.");
        }
        else
        {
            md.AppendLine("Load: reused the database of an earlier run (`--reuse`).");
        }

        md.AppendLine();
        md.AppendLine(inv, $"{options.Clients} concurrent clients per side, closed loop, {options.Duration} s measured per side in {options.Rounds} alternating rounds (HTTP, SQL, HTTP, …; `count-all` in one), each after a warm-up ({options.Warmup} s in the first round, then 1 s); the service got the selected HTTP queries in turn for {options.ServiceWarmup} s after its start first (tiered JIT compilation, not measured). HTTP: the built service, anonymous reads of public datastreams, body read completely. SQL: the hand-written statement below via Npgsql (pool of {options.Clients + 2}) plus writing a minimal JSON answer of the same shape; no access check.");
        md.AppendLine();
        md.AppendLine("| Query | HTTP p50 ms | HTTP p95 ms | HTTP req/s | SQL p50 ms | SQL p95 ms | SQL req/s | p95 ratio | target |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var (item, http, sql) in measured)
        {
            var ratio = sql.P95 > 0 ? http.P95 / sql.P95 : double.NaN;
            var target = item.Name == "count-all"
                ? (http.P95 <= 200 ? "p95 ≤ 200 ms: **met**" : "p95 ≤ 200 ms: **missed**")
                : (ratio <= 2 ? "≤ 2×: **met**" : "≤ 2×: **missed**");
            md.AppendLine(inv, $"| {item.Name} | {http.P50:F2} | {http.P95:F2} | {http.Throughput:F0} | {sql.P50:F2} | {sql.P95:F2} | {sql.Throughput:F0} | {ratio:F2} | {target} |");
        }

        md.AppendLine();
        foreach (var (item, http, sql) in measured)
        {
            md.AppendLine(inv, $"- **{item.Name}**: {item.Description}. SQL: `{item.Sql}`. Errors: HTTP {http.Errors}, SQL {sql.Errors}.");
        }

        return md.ToString();
    }
}
