using System.Globalization;

namespace Stadtkern.Bench.Ingest;

/// <summary>
/// CPU seconds (user + system) a process has used so far, from <c>/proc/PID/stat</c>; NaN where that is not readable.
/// On a machine shared with other work, CPU time per observation is the figure that does not depend on how much of the
/// machine the service got.
/// </summary>
internal static class ProcessCpu
{
    public static double Seconds(int? pid)
    {
        try
        {
            if (pid is null)
            {
                return double.NaN;
            }

            var stat = File.ReadAllText($"/proc/{pid.Value.ToString(CultureInfo.InvariantCulture)}/stat");
            // Fields after the command name (which is in parentheses and may contain spaces): state is field 3, utime 14, stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks / 100.0; // USER_HZ is 100 on Linux
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return double.NaN;
        }
    }

    public static int? Broker() =>
        int.TryParse(Environment.GetEnvironmentVariable("STADTKERN_MQTT_PID"), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
}
