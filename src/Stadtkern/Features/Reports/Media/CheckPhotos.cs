using System.Globalization;
using Microsoft.Extensions.Options;

namespace Stadtkern.Features.Reports.Media;

/// <summary>Checks uploaded photos (count, size, format by magic bytes) and strips their metadata. Rejected photos come back
/// with a German reason for the citizen; accepted ones are clean.</summary>
internal sealed class CheckPhotos(IOptions<ReportsOptions> options)
{
    public (IReadOnlyList<CleanPhoto> Accepted, IReadOnlyList<string> Rejected) Check(IReadOnlyList<Intake.UploadedPhoto> photos, int alreadyStored = 0)
    {
        var accepted = new List<CleanPhoto>();
        var rejected = new List<string>();
        var limit = options.Value.MaxPhotos;
        foreach (var photo in photos)
        {
            var name = string.IsNullOrWhiteSpace(photo.FileName) ? "Das Foto" : $"Das Foto „{Path.GetFileName(photo.FileName)}“";
            if (photo.Content.Length == 0)
            {
                continue;
            }

            if (accepted.Count + alreadyStored >= limit)
            {
                rejected.Add($"{name} wurde nicht angenommen: höchstens {limit.ToString(CultureInfo.InvariantCulture)} Fotos je Meldung.");
                continue;
            }

            if (photo.Content.Length > options.Value.MaxPhotoBytes)
            {
                rejected.Add($"{name} wurde nicht angenommen: es ist größer als {MegaBytes(options.Value.MaxPhotoBytes)} MB.");
                continue;
            }

            if (PhotoFormats.Detect(photo.Content) is null)
            {
                rejected.Add($"{name} wurde nicht angenommen: nur JPEG-, PNG- und WebP-Bilder sind möglich.");
                continue;
            }

            if (StripMetadata.Clean(photo.Content) is not { } clean)
            {
                rejected.Add($"{name} wurde nicht angenommen: die Bilddatei ist beschädigt.");
                continue;
            }

            accepted.Add(clean);
        }

        return (accepted, rejected);
    }

    private static string MegaBytes(int bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.GetCultureInfo("de-DE"));
}
