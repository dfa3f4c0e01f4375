using System.Globalization;

namespace Stadtkern.Bench.Ingest;

/// <summary>
/// Which ingest paths run and the settings of (b) MQTT and (c) TTS: <c>--paths http,mqtt,mqtt-silent,tts</c> (default all;
/// mqtt-silent is (b) again with the service's own MQTT notifications off; both need <c>--mqtt URL</c> or
/// <c>STADTKERN_TEST_MQTT</c>, as scripts/bench-ingest sets it after starting mosquitto),
/// <c>--publishers N</c> MQTT connections, <c>--window N</c> observations per publisher published but not yet committed,
/// <c>--devices N</c> LoRaWAN devices, <c>--tts-clients N</c> concurrent webhook clients (each sends 3 copies at once).
/// </summary>
internal sealed record IngestPaths(HashSet<string> Paths, string? MqttUrl, int Publishers, int Window, int Devices, int TtsClients)
{
    public bool Http => Paths.Contains("http");

    public bool Mqtt => Paths.Contains("mqtt") && !string.IsNullOrEmpty(MqttUrl);

    public bool MqttSilent => Paths.Contains("mqtt-silent") && !string.IsNullOrEmpty(MqttUrl);

    /// <summary>Every path ran (the full report), not a selection.</summary>
    public bool All => Http && Mqtt && MqttSilent && Tts;

    public bool Tts => Paths.Contains("tts");

    public static IngestPaths Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var paths = (Value("--paths") ?? "http,mqtt,mqtt-silent,tts").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var url = Value("--mqtt") ?? Environment.GetEnvironmentVariable("STADTKERN_TEST_MQTT");
        if ((paths.Contains("mqtt") || paths.Contains("mqtt-silent")) && string.IsNullOrEmpty(url))
        {
            Console.Error.WriteLine("ingest: no broker (--mqtt or STADTKERN_TEST_MQTT): the MQTT path is skipped");
        }

        return new IngestPaths(paths, url, Int("--publishers", 8), Int("--window", 2_000), Int("--devices", 200), Int("--tts-clients", 32));
    }
}
