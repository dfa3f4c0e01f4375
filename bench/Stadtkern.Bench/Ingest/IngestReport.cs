using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Stadtkern.Bench.Ingest;

internal static class IngestReport
{
    public static string Markdown(JsonObject results, List<RawResult> raw, RawResult rawBest, WriterIngestResult writer, HttpIngestResult http, Verification verify)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var provider = (string)results["provider"]!;
        md.AppendLine(inv, $"### Observation ingest on {provider}");
        md.AppendLine();
        md.AppendLine(inv, $"Started {results["startedUtc"]}; {results["machine"]!["processors"]} cores, shared with other work: load average before {results["machine"]!["loadavgBefore"]}, after {results["machine"]!["loadavgAfter"]}.");
        md.AppendLine();
        md.AppendLine("| Path | Observations | Seconds | Observations/s | Ratio to raw | p50 ack ms | p99 ack ms | max ms | Lost | Duplicates stored |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in raw)
        {
            md.AppendLine(inv, $"| raw limit: {r.Method}, {r.Parallel} stream(s) | {r.Observations} | {r.Seconds} | {r.ObservationsPerSecond:F0} | {r.ObservationsPerSecond / rawBest.ObservationsPerSecond:F2} | – | – | – | – | – |");
        }

        md.AppendLine(inv, $"| writer alone, in process (no HTTP/JSON), {writer.Callers} callers × {writer.ObservationsPerCall} obs/call | {writer.Observations} | {writer.Seconds} | {writer.ObservationsPerSecond:F0} | {writer.ObservationsPerSecond / rawBest.ObservationsPerSecond:F2} | {writer.P50:F1} | {writer.P99:F1} | – | – | – |");
        md.AppendLine(inv, $"| (a) HTTP `CreateObservations` dataArray, {http.Clients} clients × {http.ObservationsPerRequest} obs/request | {http.Observations} | {http.Seconds} | **{http.ObservationsPerSecond:F0}** | **{http.ObservationsPerSecond / rawBest.ObservationsPerSecond:F2}** | {http.P50:F1} | {http.P99:F1} | {http.Max:F1} | {verify.Lost} | {verify.DuplicateRows} |");
        md.AppendLine("| (b) MQTT QoS 1 through mosquitto | – | – | – | – | – | – | – | – | – |");
        md.AppendLine("| (c) TTS webhooks with 3-gateway duplicates | – | – | – | – | – | – | – | – | – |");
        md.AppendLine();
        md.AppendLine(inv, $"- Exact check after the HTTP run (SQL): {verify.Acknowledged} observations acknowledged in total (incl. warm-up), {verify.Stored} rows stored, {verify.AcknowledgedAndStored} acknowledged ids found, **{verify.Lost} lost**, **{verify.DuplicateRows} duplicate rows**; sum of the datastreams' `observation_count` = {verify.DatastreamCountSum} ({(verify.CountsMatch ? "matches the rows" : "DOES NOT match the rows")}).");
        md.AppendLine(inv, $"- Client retries: {http.ResentRequests} requests ({http.ResentObservations} observations) sent a second time; {http.ResentAnsweredWithOriginal} answered with the original selfLinks and nothing stored again.");
        md.AppendLine(inv, $"- 503 (queue full) answers: {http.Overloaded}; errors: {http.Errors}; measured window {http.Seconds} s after warm-up, {http.Requests} requests.");
        if (http.Cpu is { } cpu)
        {
            md.AppendLine(inv, $"- CPU in the measured window, per acknowledged observation: service {cpu.ServiceMicrosPerObservation} µs ({cpu.ServiceSeconds} s), PostgreSQL backends {cpu.DatabaseMicrosPerObservation} µs ({cpu.DatabaseSeconds} s), bench client {cpu.ClientMicrosPerObservation} µs ({cpu.ClientSeconds} s). The client sends bodies serialised before the clock starts ({http.BodiesPrepared} prepared, {http.BodiesBuiltDuringRun} built during the run) and reads only the ids from the answers, so that it takes as little as possible of the 2 cores it shares with the service.");
        }

        md.AppendLine("- (b) and (c) are filled in by the MQTT and LoRaWAN benchmarks.");
        return md.ToString();
    }
}
