using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Stadtkern.Bench;

internal static class Report
{
    public static string Markdown(JsonObject results, LatencyStats health, LatencyStats db, LatencyStats search, List<LatencyStats> byKind,
        List<(int Clients, LatencyStats Stats)> lowConcurrency, LatencyStats write, LatencyStats visible)
    {
        var md = new StringBuilder();
        var provider = (string)results["provider"]!;
        var settings = results["settings"]!;
        var seed = results["seed"]!;
        var reindex = results["reindex"]!["summary"]!;
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine(inv, $"### Catalog search on {provider}: {settings["datasets"]} datasets, {settings["clients"]} concurrent clients");
        md.AppendLine();
        md.AppendLine(inv, $"Endpoint: {results["endpoint"]}; {settings["warmupSeconds"]} s warm-up, {settings["durationSeconds"]} s measured per row; started {results["startedUtc"]}.");
        md.AppendLine();
        md.AppendLine("| Operation | Requests | Errors | Throughput (req/s) | p50 ms | p95 ms | p99 ms | max ms |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in new[] { health, db, search }.Concat(byKind.Select(k => k with { Name = "↳ " + k.Name })))
        {
            md.AppendLine(inv, $"| {row.Name} | {row.Requests} | {row.Errors} | {row.Throughput:F0} | {Ms(row.P50)} | {Ms(row.P95)} | {Ms(row.P99)} | {Ms(row.Max)} |");
        }

        md.AppendLine();
        if (lowConcurrency.Count > 0)
        {
            md.AppendLine(inv, $"The same search mix at lower concurrency (closed loop, same warm-up and duration; one client is one request at a time, the figure comparable to a single CKAN/Solr call), next to the {settings["clients"]}-client figure above:");
            md.AppendLine();
            md.AppendLine("| Clients | Requests | Throughput (req/s) | p50 ms | p95 ms | p99 ms | max ms | app CPU ms/request |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (clients, row) in lowConcurrency.Append((-1, search)))
            {
                var label = clients < 0 ? $"**{settings["clients"]}**" : clients.ToString(inv);
                md.AppendLine(inv, $"| {label} | {row.Requests} | {row.Throughput:F0} | {Ms(row.P50)} | {Ms(row.P95)} | {Ms(row.P99)} | {Ms(row.Max)} | {row.AppCpuMsPerRequest?.ToString("F2", inv) ?? "–"} |");
            }

            md.AppendLine();
        }

        if (search.AppCpuMsPerRequest is { } searchCpu && health.AppCpuMsPerRequest is { } healthCpu)
        {
            md.AppendLine(inv, $"- CPU time of the service process per request (measured window; PostgreSQL's own CPU not included): search mix **{searchCpu:F2} ms**, `/health/live` {healthCpu:F2} ms. With {results["machine"]!["processors"]} cores shared by service, database and load generator, this is what bounds the throughput.");
        }

        md.AppendLine(inv, $"- Search p95 / HTTP floor p95: **{results["ratios"]!["searchP95OverHttpFloorP95"]}×**; search p95 / database round trip p95: **{results["ratios"]!["searchP95OverDbFloorP95"]}×**.");
        md.AppendLine(inv, $"- Edit → searchable (store commit, then polling the HTTP search until the new title word is found; {results["editToSearchable"]!["edits"]} edits while {settings["clients"]} clients search): p50 **{visible.P50:F1} ms**, p95 **{visible.P95:F1} ms**, max {visible.Max:F1} ms (of which the commit: p50 {write.P50:F1} ms, p95 {write.P95:F1} ms).");
        md.AppendLine(inv, $"- Full reindex (`catalog reindex --tenant bench`): **{reindex["seconds"]} s** for {reindex["datasets"]} datasets ({results["reindex"]!["wallSecondsIncludingProcessStart"]} s with process start).");
        md.AppendLine(inv, $"- Seeding: {seed["throughStore"]} datasets through the store at {seed["storeMsPerDataset"]} ms each; the rest in bulk at {seed["bulkDatasetsPerSecond"]} datasets/s ({seed["bulkSeconds"]} s; {seed["facets"]} facet rows).");
        md.AppendLine(inv, $"- Machine: {results["machine"]!["processors"]} cores; load average before {results["machine"]!["loadavgBefore"]}, after {results["machine"]!["loadavgAfter"]}.");
        return md.ToString();
    }

    /// <summary>Milliseconds with one decimal, or three below 1 ms (database floors are microseconds).</summary>
    private static string Ms(double value) => value.ToString(value < 1 ? "F3" : "F1", CultureInfo.InvariantCulture);
}
