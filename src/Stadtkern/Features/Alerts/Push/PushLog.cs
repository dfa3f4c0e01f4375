namespace Stadtkern.Features.Alerts.Push;

internal static partial class PushLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Push service {Host} refused a message with {Status}")]
    public static partial void Refused(this ILogger logger, string host, int? status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push for tenant {Tenant}, topic {Topic}: {Sent} sent, {Removed} removed, {Failed} refused, {Pending} not reached")]
    public static partial void Broadcast(this ILogger logger, string tenant, string topic, int sent, int removed, int failed, int pending);
}
