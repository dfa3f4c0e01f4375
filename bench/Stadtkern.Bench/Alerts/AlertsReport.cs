using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Stadtkern.Bench.Alerts;

/// <summary>bench/results/alerts-sse.md from the run's results.</summary>
internal static class AlertsReport
{
    public static string Markdown(JsonObject results, RawResult raw, IReadOnlyList<RoundResult> rounds)
    {
        var service = results["service"]!.AsObject();
        var machine = results["machine"]!.AsObject();
        var provider = (string)results["provider"]!;
        var connections = (int)service["connected"]!;
        var p99 = (double)service["p99Ms"]!;
        var i = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(i, $"# Alert fan-out over SSE: {connections:N0} subscribers ({provider})");
        md.AppendLine();
        md.AppendLine(i, $"Command: `scripts/bench-alerts {provider} --connections {service["connections"]} --rounds {rounds.Count}` · started {results["startedUtc"]} · {machine["processors"]} cores · {machine["os"]} · .NET {machine["dotnet"]}");
        md.AppendLine(i, $"Load average before / after: `{machine["loadavgBefore"]}` / `{machine["loadavgAfter"]}` (other work on the machine shares the cores; the bench client runs on them too).");
        md.AppendLine();
        md.AppendLine("| | subscribers | p50 | p99 | max | lost |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        md.AppendLine(i, $"| **Service**: POST /api/alerts → SSE event at each subscriber, {rounds.Count} alerts | {connections:N0} | {service["p50Ms"]} ms | **{p99} ms** | {service["maxMs"]} ms | {service["lost"]} |");
        md.AppendLine(i, $"| Physical limit: one pre-encoded frame written by a separate process to {raw.Connections:N0} raw loopback sockets, read by the bench | {raw.Connections:N0} | {raw.P50} ms | {raw.P99} ms | {raw.Max} ms | {raw.Lost} |");
        md.AppendLine();
        md.AppendLine(i, $"Target p99 ≤ 1000 ms: **{(p99 <= 1000 && (int)service["lost"]! == 0 ? "met" : "not met")}**. Ratio of p99 to the physical limit's p99: {(raw.P99 > 0 ? (p99 / raw.P99).ToString("F1", i) : "–")}×.");
        md.AppendLine();
        var perConnection = (long)service["bytesPerConnection"]!;
        md.AppendLine(i, $"Memory: service RSS {(long)service["rssBeforeBytes"]! / 1048576.0:F0} MiB before, {(long)service["rssConnectedBytes"]! / 1048576.0:F0} MiB with {connections:N0} open streams → **{perConnection / 1024.0:F1} KiB per connection** (RSS growth / connections; includes Kestrel's connection and pipe buffers). Connecting all took {service["connectSeconds"]} s ({service["connectFailures"]} failures).");
        md.AppendLine();
        md.AppendLine("| round | POST answered | received | lost | p50 | p99 | max |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rounds)
        {
            md.AppendLine(i, $"| {r.Round} | {r.PostMs} ms | {r.Received:N0} | {r.Lost} | {r.P50} ms | {r.P99} ms | {r.Max} ms |");
        }

        md.AppendLine();
        md.AppendLine("The time runs from the start of the POST (before the request is sent) to the moment the bench's read of a subscriber's");
        md.AppendLine("socket returned the event, so it includes the publish transaction, the delivery worker's pick-up of the \"sse\" delivery,");
        md.AppendLine("the NOTIFY or local signal, the hub's one read of the new event, and writing the one pre-encoded frame to every connection.");
        return md.ToString();
    }
}
