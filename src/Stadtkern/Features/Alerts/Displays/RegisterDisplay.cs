using Microsoft.EntityFrameworkCore;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Displays;

/// <summary>The registration code the display got from staff.</summary>
internal sealed record RegisterDisplayRequest(string? Code, string? AppVersion = null);

/// <summary>The display's token, shown exactly once; from now on it authenticates every request of the display.</summary>
internal sealed record RegisterDisplayResponse(Guid DisplayId, string Name, string Token, string ContentUrl, string HeartbeatUrl, string ScreenshotUrl, string KioskUrl);

/// <summary>
/// A display exchanges its one-time registration code for its display token. The code is used up; a token issued before (for the
/// same display) stops working, so re-registering a replaced device locks out the old one.
/// </summary>
internal sealed class RegisterDisplay(StadtkernDb db, TimeProvider clock)
{
    public async Task<(Display? Display, string? Token)> RegisterAsync(RegisterDisplayRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Code) || request.Code.Length > 50)
        {
            return (null, null);
        }

        var hash = DisplaySecrets.HashCode(request.Code);
        var display = await db.Set<Display>().FirstOrDefaultAsync(d => d.RegistrationCodeHash == hash, cancellationToken);
        var now = clock.GetStoredNow();
        if (display is null || display.RegistrationExpiresAt is not { } expires || expires <= now)
        {
            return (null, null);
        }

        var token = DisplaySecrets.NewToken();
        display.TokenHash = DisplaySecrets.Hash(token);
        display.TokenIssuedAt = now;
        display.RegistrationCodeHash = null;
        display.RegistrationExpiresAt = null;
        display.AppVersion = Trim(request.AppVersion, 100) ?? display.AppVersion;
        display.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return (display, token);
    }

    private static string? Trim(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim() is var t && t.Length > max ? t[..max] : value.Trim();
}
