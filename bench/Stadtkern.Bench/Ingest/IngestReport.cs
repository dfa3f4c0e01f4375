using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Stadtkern.Bench.Ingest;

internal static class IngestReport
{
    public static string Markdown(JsonObject results, List<RawResult> raw, RawResult rawBest, WriterIngestResult? writer, HttpIngestResult? http, Verification? verify,
        MqttIngestResult? mqtt = null, MqttIngestResult? mqttSilent = null, TtsIngestResult? tts = null)
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

        if (writer is not null && http is not null && verify is not null)
        {
            md.AppendLine(inv, $"| writer alone, in process (no HTTP/JSON), {writer.Callers} callers × {writer.ObservationsPerCall} obs/call | {writer.Observations} | {writer.Seconds} | {writer.ObservationsPerSecond:F0} | {writer.ObservationsPerSecond / rawBest.ObservationsPerSecond:F2} | {writer.P50:F1} | {writer.P99:F1} | – | – | – |");
            md.AppendLine(inv, $"| (a) HTTP `CreateObservations` dataArray, {http.Clients} clients × {http.ObservationsPerRequest} obs/request | {http.Observations} | {http.Seconds} | **{http.ObservationsPerSecond:F0}** | **{http.ObservationsPerSecond / rawBest.ObservationsPerSecond:F2}** | {http.P50:F1} | {http.P99:F1} | {http.Max:F1} | {verify.Lost} | {verify.DuplicateRows} |");
        }

        string MqttRow(string label, MqttIngestResult? m) => m is null
            ? $"| {label} | – | – | – | – | – | – | – | – | – |"
            : string.Create(inv, $"| {label}, {m.Publishers} publisher connections × 1 obs/message, ack = commit seen in the datastream counts | {m.Observations} | {m.Seconds} | **{m.ObservationsPerSecond:F0}** | **{m.ObservationsPerSecond / rawBest.ObservationsPerSecond:F2}** | {m.P50:F1} | {m.P99:F1} | {m.Max:F1} | {m.Lost} | {m.DuplicateRows} |");
        md.AppendLine(MqttRow("(b) MQTT QoS 1 through mosquitto, the service publishing every new observation (default)", mqtt));
        md.AppendLine(MqttRow("(b′) the same with the service's own MQTT notifications off (`Sensing:Mqtt:Publish=false`)", mqttSilent));
        md.AppendLine(tts is null
            ? "| (c) TTS webhooks with 3-gateway duplicates | – | – | – | – | – | – | – | – | – |"
            : string.Create(inv, $"| (c) TTS webhooks with 3-gateway duplicates, {tts.Clients} clients, {tts.Devices} devices × 2 values | {tts.Observations} | {tts.Seconds} | **{tts.ObservationsPerSecond:F0}** | **{tts.ObservationsPerSecond / rawBest.ObservationsPerSecond:F2}** | {tts.P50:F1} | {tts.P99:F1} | {tts.Max:F1} | {tts.Lost} | {tts.DuplicateRows} |"));
        md.AppendLine();
        if (writer is not null && http is not null && verify is not null)
        {
            md.AppendLine(inv, $"- Exact check after the HTTP run (SQL): {verify.Acknowledged} observations acknowledged in total (incl. warm-up), {verify.Stored} rows stored, {verify.AcknowledgedAndStored} acknowledged ids found, **{verify.Lost} lost**, **{verify.DuplicateRows} duplicate rows**; sum of the datastreams' `observation_count` = {verify.DatastreamCountSum} ({(verify.CountsMatch ? "matches the rows" : "DOES NOT match the rows")}).");
            md.AppendLine(inv, $"- Client retries: {http.ResentRequests} requests ({http.ResentObservations} observations) sent a second time; {http.ResentAnsweredWithOriginal} answered with the original selfLinks and nothing stored again.");
            md.AppendLine(inv, $"- 503 (queue full) answers: {http.Overloaded}; errors: {http.Errors}; measured window {http.Seconds} s after warm-up, {http.Requests} requests.");
            if (http.Cpu is { } cpu)
            {
                md.AppendLine(inv, $"- CPU in the measured window, per acknowledged observation: service {cpu.ServiceMicrosPerObservation} µs ({cpu.ServiceSeconds} s), PostgreSQL backends {cpu.DatabaseMicrosPerObservation} µs ({cpu.DatabaseSeconds} s), bench client {cpu.ClientMicrosPerObservation} µs ({cpu.ClientSeconds} s). The client sends bodies serialised before the clock starts ({http.BodiesPrepared} prepared, {http.BodiesBuiltDuringRun} built during the run) and reads only the ids from the answers, so that it takes as little as possible of the 2 cores it shares with the service.");
            }
        }

        void MqttDetails(string label, MqttIngestResult? m)
        {
            if (m is null)
            {
                return;
            }

            md.AppendLine(inv, $"- MQTT {label}: {m.Published} messages published with QoS 1 ({m.Expected} distinct observations + {m.Republished} deliberate re-publishes of the same observation), {m.BrokerAcked} PUBACKed by the broker, {m.PublishErrors} publish errors; at most {m.Window} observations per publisher published but not yet committed. Latency = publish → commit, seen by polling every datastream's `observation_count` every 10 ms ({m.LatencySamples} samples, p95 {m.P95:F1} ms). Drained {m.DrainSeconds} s after the publishers stopped. CPU in the measured window: service {m.ServiceCpuSeconds} s = **{m.ServiceCpuMsPer1000} ms per 1,000 observations**, mosquitto {m.BrokerCpuSeconds} s ({m.BrokerCpuMsPer1000} ms per 1,000).");
            md.AppendLine(inv, $"- Exact check after the MQTT {label} run (SQL): {m.StoredKeys} of {m.Expected} published observations stored, **{m.Lost} lost**, **{m.DuplicateRows} duplicate rows** (the {m.Republished} re-publishes stored once); {m.StoredRows} rows; sum of `observation_count` = {m.DatastreamCountSum} ({(m.CountsMatch ? "matches the rows" : "DOES NOT match the rows")}).");
        }

        MqttDetails("(b)", mqtt);
        MqttDetails("(b′)", mqttSilent);

        if (tts is not null)
        {
            md.AppendLine(inv, $"- TTS (c): {tts.Requests} webhook requests, every uplink sent 3 times at once (3 gateways' copies: same frame and receive time, different `rx_metadata`); receipts: {tts.AnsweredStored} values stored, {tts.AnsweredDuplicates} answered as duplicates; 503: {tts.Overloaded}; errors: {tts.Errors}. Latency per webhook request (answered after the commit), p95 {tts.P95:F1} ms. Service CPU in the measured window {tts.ServiceCpuSeconds} s = **{tts.ServiceCpuMsPer1000} ms per 1,000 observations**.");
            md.AppendLine(inv, $"- Exact check after the TTS run (SQL): {tts.ExpectedObservations} values of fully answered uplinks expected, {tts.StoredKeys} stored, **{tts.Lost} lost**, **{tts.DuplicateRows} duplicate rows**; {tts.StoredRows} rows; sum of `observation_count` = {tts.DatastreamCountSum} ({(tts.CountsMatch ? "matches the rows" : "DOES NOT match the rows")}).");
        }

        return md.ToString();
    }
}
