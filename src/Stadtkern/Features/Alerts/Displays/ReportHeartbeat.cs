using System.Text.Json;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Displays;

/// <summary>A display's sign of life: its software version, seconds since it started and any status it wants staff to see
/// (a JSON object, at most 4 KiB: screen on/off, temperature, free memory, ...).</summary>
internal sealed record HeartbeatRequest(string? Version = null, long? UptimeSeconds = null, JsonElement? Status = null);

internal sealed record HeartbeatResponse(DateTimeOffset ReceivedAt, int PollSeconds);

/// <summary>Stores a heartbeat on the display row (last one wins; the admin list shows its age).</summary>
internal sealed class ReportHeartbeat(StadtkernDb db, TimeProvider clock)
{
    public const int MaxStatusBytes = 4096;

    public static Dictionary<string, string[]> Validate(HeartbeatRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Version is { Length: > 100 })
        {
            errors["version"] = ["version has at most 100 characters."];
        }

        if (request.UptimeSeconds is < 0)
        {
            errors["uptimeSeconds"] = ["uptimeSeconds must not be negative."];
        }

        if (request.Status is { } status
            && (status.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null) || status.GetRawText().Length > MaxStatusBytes))
        {
            errors["status"] = ["status must be a JSON object of at most 4096 bytes."];
        }

        return errors;
    }

    public async Task<DateTimeOffset> StoreAsync(Display display, HeartbeatRequest request, string? remoteIp, CancellationToken cancellationToken)
    {
        var now = clock.GetStoredNow();
        display.LastHeartbeatAt = now;
        display.LastIp = remoteIp is { Length: <= 64 } ? remoteIp : null;
        display.AppVersion = string.IsNullOrWhiteSpace(request.Version) ? display.AppVersion : request.Version.Trim();
        display.UptimeSeconds = request.UptimeSeconds;
        display.Status = request.Status is { ValueKind: JsonValueKind.Object } status ? status.GetRawText() : null;
        await db.SaveChangesAsync(cancellationToken);
        return now;
    }
}
