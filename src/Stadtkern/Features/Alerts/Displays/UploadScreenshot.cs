using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Displays;

internal sealed record ScreenshotResponse(Guid Id, string ContentType, int Bytes, DateTimeOffset TakenAt);

/// <summary>
/// Stores a screenshot the display took of itself. The body must be a PNG or JPEG by its magic bytes (the declared content type
/// is not trusted) and within the size limit; only the newest few per display are kept.
/// </summary>
internal sealed class UploadScreenshot(StadtkernDb db, TimeProvider clock, IOptions<DisplayOptions> options)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];

    public int MaxBytes => options.Value.ScreenshotMaxBytes;

    /// <summary>The image type by magic bytes, or null when it is neither PNG nor JPEG.</summary>
    public static string? Sniff(ReadOnlySpan<byte> data) =>
        data.StartsWith(Png) ? "image/png" : data.StartsWith(Jpeg) ? "image/jpeg" : null;

    /// <summary>Reads at most <see cref="MaxBytes"/> + 1 bytes, so an oversized body is recognised without buffering it whole.</summary>
    public async Task<byte[]?> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public async Task<ScreenshotResponse> StoreAsync(Display display, byte[] data, string contentType, CancellationToken cancellationToken)
    {
        var shot = new DisplayScreenshot
        {
            Id = Guid.CreateVersion7(),
            TenantId = display.TenantId,
            DisplayId = display.Id,
            ContentType = contentType,
            Data = data,
            TakenAt = clock.GetStoredNow(),
        };
        db.Add(shot);
        await db.SaveChangesAsync(cancellationToken);

        var keep = Math.Max(1, options.Value.ScreenshotsKept);
        var old = await db.Set<DisplayScreenshot>()
            .Where(s => s.DisplayId == display.Id)
            .OrderByDescending(s => s.TakenAt).ThenByDescending(s => s.Id)
            .Skip(keep)
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        if (old.Count > 0)
        {
            await db.Set<DisplayScreenshot>().Where(s => old.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        return new ScreenshotResponse(shot.Id, shot.ContentType, data.Length, shot.TakenAt);
    }
}
