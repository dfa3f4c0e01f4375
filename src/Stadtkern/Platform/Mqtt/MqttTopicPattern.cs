using Stadtkern.Platform.Mqtt.Protocol;

namespace Stadtkern.Platform.Mqtt;

/// <summary>
/// A subscription pattern: an MQTT topic filter that may also have one '+' inside a level, as in SensorThings'
/// <c>v1.1/Datastreams(+)/Observations</c>. MQTT itself only allows whole-level wildcards, so the broker is asked for
/// <see cref="BrokerFilter"/> (<c>v1.1/+/Observations</c>) and the rest is checked here. Every wildcard's value is
/// captured in order ('+' inside a level matches one or more characters), so a handler can read the id.
/// </summary>
internal sealed class MqttTopicPattern
{
    private readonly string[] levels;

    private MqttTopicPattern(string pattern, string[] levels, string brokerFilter)
    {
        Pattern = pattern;
        this.levels = levels;
        BrokerFilter = brokerFilter;
    }

    public string Pattern { get; }

    /// <summary>The plain MQTT filter sent to the broker.</summary>
    public string BrokerFilter { get; }

    /// <summary>Throws <see cref="ArgumentException"/> for an invalid pattern (bad '#', more than one '+' inside a level).</summary>
    public static MqttTopicPattern Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var levels = pattern.Split('/');
        var broker = new string[levels.Length];
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            var pluses = level.Count(c => c == '+');
            if (pluses > 1)
            {
                throw new ArgumentException($"In '{pattern}', a level holds at most one '+'.", nameof(pattern));
            }

            broker[i] = pluses == 1 ? "+" : level;
        }

        var filter = string.Join('/', broker);
        MqttTopics.ValidateTopicFilter(filter);
        return new MqttTopicPattern(pattern, levels, filter);
    }

    public bool IsMatch(string topic) => TryMatch(topic, out _);

    /// <summary>Whether <paramref name="topic"/> matches; <paramref name="captures"/> holds each wildcard's value in order.</summary>
    public bool TryMatch(string topic, out IReadOnlyList<string> captures)
    {
        captures = [];
        if (!MqttTopics.Matches(BrokerFilter, topic))
        {
            return false;
        }

        var values = new List<string>();
        var topicLevels = topic.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level == "#")
            {
                values.Add(i < topicLevels.Length ? string.Join('/', topicLevels[i..]) : "");
                break;
            }

            var actual = topicLevels[i];
            if (level == "+")
            {
                values.Add(actual);
                continue;
            }

            var plus = level.IndexOf('+', StringComparison.Ordinal);
            if (plus < 0)
            {
                continue;
            }

            var prefix = level[..plus];
            var suffix = level[(plus + 1)..];
            if (actual.Length <= prefix.Length + suffix.Length
                || !actual.StartsWith(prefix, StringComparison.Ordinal)
                || !actual.EndsWith(suffix, StringComparison.Ordinal))
            {
                return false;
            }

            values.Add(actual[prefix.Length..^suffix.Length]);
        }

        captures = values;
        return true;
    }

    public override string ToString() => Pattern;
}
