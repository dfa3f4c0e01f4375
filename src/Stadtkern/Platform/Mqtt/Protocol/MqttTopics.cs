using System.Text;

namespace Stadtkern.Platform.Mqtt.Protocol;

/// <summary>Topic names, topic filters and how a filter matches a name (MQTT 3.1.1 §4.7).</summary>
internal static class MqttTopics
{
    /// <summary>A topic name as used in PUBLISH: at least one character, no wildcards, no U+0000, at most 65535 bytes.</summary>
    public static void ValidateTopicName(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ValidateCommon(topic, "topic name");
        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw new ArgumentException($"The topic name '{topic}' contains a wildcard (§4.7.1).", nameof(topic));
        }
    }

    /// <summary>A topic filter: '#' only as the whole last level, '+' only as a whole level (§4.7.1).</summary>
    public static void ValidateTopicFilter(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ValidateCommon(filter, "topic filter");
        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Contains('#', StringComparison.Ordinal) && (level != "#" || i != levels.Length - 1))
            {
                throw new ArgumentException($"In '{filter}', '#' must be a whole level and the last one (§4.7.1.2).", nameof(filter));
            }

            if (level.Contains('+', StringComparison.Ordinal) && level != "+")
            {
                throw new ArgumentException($"In '{filter}', '+' must occupy a whole level (§4.7.1.3).", nameof(filter));
            }
        }
    }

    public static bool IsValidTopicFilter(string filter)
    {
        try
        {
            ValidateTopicFilter(filter);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether <paramref name="filter"/> matches <paramref name="topic"/>: '+' matches exactly one level, '#' the
    /// parent level and any number below it; a filter starting with a wildcard never matches a topic starting with '$'.
    /// </summary>
    public static bool Matches(string filter, string topic)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.StartsWith('$') && (filter.StartsWith('+') || filter.StartsWith('#')))
        {
            return false;
        }

        var f = filter.AsSpan();
        var t = topic.AsSpan();
        while (true)
        {
            var fEnd = f.IndexOf('/');
            var fLevel = fEnd < 0 ? f : f[..fEnd];
            if (fLevel is "#")
            {
                return true;
            }

            var tEnd = t.IndexOf('/');
            var tLevel = tEnd < 0 ? t : t[..tEnd];
            if (fLevel is not "+" && !fLevel.SequenceEqual(tLevel))
            {
                return false;
            }

            if (fEnd < 0 || tEnd < 0)
            {
                // Both must end together, except that "a/#" also matches "a" (the '#' covers the parent level).
                return (fEnd < 0 && tEnd < 0) || (tEnd < 0 && f[(fEnd + 1)..] is "#");
            }

            f = f[(fEnd + 1)..];
            t = t[(tEnd + 1)..];
        }
    }

    private static void ValidateCommon(string value, string what)
    {
        if (value.Length == 0)
        {
            throw new ArgumentException($"A {what} has at least one character (§4.7.3).");
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A {what} must not contain U+0000.");
        }

        if (Encoding.UTF8.GetByteCount(value) > ushort.MaxValue)
        {
            throw new ArgumentException($"A {what} is at most 65535 bytes of UTF-8.");
        }
    }
}
