namespace Stadtkern.Features.Catalog.Harvest;

internal static partial class HarvestLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Harvest run {Run} of tenant {Tenant} started by {Owner}")]
    public static partial void RunStarted(this ILogger logger, Guid run, string tenant, string owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Harvest run {Run} {Status}: {Created} created, {Updated} updated, {Unchanged} unchanged, {Deleted} deleted, {Failed} failed")]
    public static partial void RunFinished(this ILogger logger, Guid run, string status, int created, int updated, int unchanged, int deleted, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Harvest run {Run} was taken over by another instance; this one stops")]
    public static partial void LostLease(this ILogger logger, Guid run);

    [LoggerMessage(Level = LogLevel.Error, Message = "Harvest run {Run} failed")]
    public static partial void RunCrashed(this ILogger logger, Exception exception, Guid run);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Harvest scheduler round failed")]
    public static partial void RoundFailed(this ILogger logger, Exception exception);
}
