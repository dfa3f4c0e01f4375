using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Displays;

/// <summary>What staff send to create or change a display.</summary>
internal sealed record DisplayInput(
    string? Name,
    string? LocationText = null,
    double? Latitude = null,
    double? Longitude = null,
    string? District = null,
    string? Orientation = null,
    DisplayLayout? Layout = null);

/// <summary>A display as staff see it.</summary>
internal sealed record DisplayResponse(
    Guid Id,
    string Name,
    string? LocationText,
    double? Latitude,
    double? Longitude,
    string? District,
    string Orientation,
    DisplayLayout Layout,
    bool Registered,
    bool RegistrationPending,
    DateTimeOffset? RegistrationExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastHeartbeatAt,
    bool Online,
    string? LastIp,
    string? AppVersion,
    long? UptimeSeconds,
    JsonElement? Status,
    DateTimeOffset? LastScreenshotAt);

/// <summary>A new display, or a new registration code for one: the code is shown exactly once.</summary>
internal sealed record DisplayRegistrationCode(DisplayResponse Display, string RegistrationCode, DateTimeOffset ExpiresAt);

/// <summary>Staff's use cases on the current tenant's displays: list, create, change, new registration code, revoke, delete.</summary>
internal sealed class ManageDisplays(StadtkernDb db, TimeProvider clock, IOptions<DisplayOptions> options)
{
    public async Task<IReadOnlyList<DisplayResponse>> ListAsync(CancellationToken cancellationToken)
    {
        var displays = await db.Set<Display>().AsNoTracking().OrderBy(d => d.Name).ThenBy(d => d.Id).ToListAsync(cancellationToken);
        var shots = await LastScreenshotsAsync(null, cancellationToken);
        return [.. displays.Select(d => ToResponse(d, shots.GetValueOrDefault(d.Id)))];
    }

    public async Task<DisplayResponse?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var display = await db.Set<Display>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (display is null)
        {
            return null;
        }

        var shots = await LastScreenshotsAsync(id, cancellationToken);
        return ToResponse(display, shots.GetValueOrDefault(id));
    }

    public async Task<(DisplayRegistrationCode? Created, Dictionary<string, string[]> Errors)> CreateAsync(
        DisplayInput input, CancellationToken cancellationToken)
    {
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = clock.GetStoredNow();
        var display = new Display { Id = Guid.CreateVersion7(), CreatedAt = now };
        Apply(display, input, now);
        var code = IssueCode(display, now);
        db.Add(display);
        await db.SaveChangesAsync(cancellationToken);
        return (new DisplayRegistrationCode(ToResponse(display, null), code, display.RegistrationExpiresAt!.Value), errors);
    }

    public async Task<(DisplayResponse? Updated, Dictionary<string, string[]> Errors)> UpdateAsync(
        Guid id, DisplayInput input, CancellationToken cancellationToken)
    {
        var errors = Validate(input);
        var display = await db.Set<Display>().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (display is null || errors.Count > 0)
        {
            return (null, errors);
        }

        Apply(display, input, clock.GetStoredNow());
        await db.SaveChangesAsync(cancellationToken);
        return (await FindAsync(id, cancellationToken), errors);
    }

    /// <summary>A fresh registration code (the old code stops working; the current token keeps working until the display
    /// registers with the new code or staff revoke it).</summary>
    public async Task<DisplayRegistrationCode?> NewRegistrationCodeAsync(Guid id, CancellationToken cancellationToken)
    {
        var display = await db.Set<Display>().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (display is null)
        {
            return null;
        }

        var now = clock.GetStoredNow();
        var code = IssueCode(display, now);
        display.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return new DisplayRegistrationCode(ToResponse(display, null), code, display.RegistrationExpiresAt!.Value);
    }

    /// <summary>The display's token and any open registration code stop working at once.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var display = await db.Set<Display>().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (display is null)
        {
            return false;
        }

        display.TokenHash = null;
        display.TokenIssuedAt = null;
        display.RegistrationCodeHash = null;
        display.RegistrationExpiresAt = null;
        display.UpdatedAt = clock.GetStoredNow();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var display = await db.Set<Display>().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (display is null)
        {
            return false;
        }

        await db.Set<DisplayScreenshot>().Where(s => s.DisplayId == id).ExecuteDeleteAsync(cancellationToken);
        db.Remove(display);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The newest screenshot of a display of the current tenant.</summary>
    public Task<DisplayScreenshot?> LatestScreenshotAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<DisplayScreenshot>().AsNoTracking()
            .Where(s => s.DisplayId == id)
            .OrderByDescending(s => s.TakenAt)
            .FirstOrDefaultAsync(cancellationToken);

    public bool IsOnline(DateTimeOffset? lastHeartbeat) =>
        lastHeartbeat is { } at && clock.GetUtcNow() - at <= TimeSpan.FromSeconds(options.Value.OfflineAfterSeconds);

    internal static Dictionary<string, string[]> Validate(DisplayInput input)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 200)
        {
            errors["name"] = ["A display needs a name of at most 200 characters."];
        }

        if (input.LocationText is { Length: > 500 })
        {
            errors["locationText"] = ["locationText has at most 500 characters."];
        }

        if (input.District is { Length: > 200 })
        {
            errors["district"] = ["district has at most 200 characters."];
        }

        if (input.Latitude is < -90 or > 90 || (input.Latitude is { } lat && !double.IsFinite(lat)))
        {
            errors["latitude"] = ["latitude must be between -90 and 90."];
        }

        if (input.Longitude is < -180 or > 180 || (input.Longitude is { } lon && !double.IsFinite(lon)))
        {
            errors["longitude"] = ["longitude must be between -180 and 180."];
        }

        if ((input.Latitude is null) != (input.Longitude is null))
        {
            errors["latitude"] = ["Give latitude and longitude together, or neither."];
        }

        if (input.Orientation is not null && !DisplayOrientations.IsKnown(input.Orientation))
        {
            errors["orientation"] = ["orientation must be landscape or portrait."];
        }

        if (input.Layout is not null)
        {
            foreach (var (key, value) in input.Layout.Validate())
            {
                errors[key] = value;
            }
        }

        return errors;
    }

    private static void Apply(Display display, DisplayInput input, DateTimeOffset now)
    {
        display.Name = input.Name!.Trim();
        display.LocationText = Blank(input.LocationText);
        display.Latitude = input.Latitude;
        display.Longitude = input.Longitude;
        display.District = Blank(input.District);
        display.Orientation = input.Orientation ?? DisplayOrientations.Landscape;
        display.Layout = (input.Layout ?? DisplayLayout.Default).ToJson();
        display.UpdatedAt = now;
    }

    private string IssueCode(Display display, DateTimeOffset now)
    {
        var code = DisplaySecrets.NewRegistrationCode();
        display.RegistrationCodeHash = DisplaySecrets.HashCode(code);
        display.RegistrationExpiresAt = now.AddDays(options.Value.RegistrationCodeDays);
        return code;
    }

    private async Task<Dictionary<Guid, DateTimeOffset>> LastScreenshotsAsync(Guid? id, CancellationToken cancellationToken)
    {
        var query = db.Set<DisplayScreenshot>().AsNoTracking();
        if (id is { } one)
        {
            query = query.Where(s => s.DisplayId == one);
        }

        var rows = await query.GroupBy(s => s.DisplayId).Select(g => new { g.Key, Last = g.Max(s => s.TakenAt) }).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Key, r => r.Last);
    }

    private DisplayResponse ToResponse(Display d, DateTimeOffset? lastScreenshot) => new(
        d.Id, d.Name, d.LocationText, d.Latitude, d.Longitude, d.District, d.Orientation, DisplayLayout.Read(d.Layout),
        d.TokenHash is not null,
        d.RegistrationCodeHash is not null && d.RegistrationExpiresAt > clock.GetUtcNow(),
        d.RegistrationCodeHash is null ? null : d.RegistrationExpiresAt,
        d.CreatedAt, d.LastHeartbeatAt, IsOnline(d.LastHeartbeatAt), d.LastIp, d.AppVersion, d.UptimeSeconds,
        ParseStatus(d.Status), lastScreenshot);

    private static JsonElement? ParseStatus(string? status)
    {
        if (string.IsNullOrWhiteSpace(status))
        {
            return null;
        }

        using var document = JsonDocument.Parse(status);
        return document.RootElement.Clone();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
