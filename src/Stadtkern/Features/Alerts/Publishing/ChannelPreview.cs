using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Features.Alerts.Model;

namespace Stadtkern.Features.Alerts.Publishing;

/// <summary>How one CAP message will look on each channel, for the preview staff see before sending.</summary>
internal sealed record ChannelPreview(
    string BannerLabel,
    string BannerHeadline,
    string BannerArea,
    string PushTitle,
    string PushBody,
    string TileHeadline,
    string TileText,
    string FeedTitle,
    string FeedSummary)
{
    /// <summary>Push services cut long bodies; this keeps the text readable on a lock screen.</summary>
    public const int PushBodyLength = 160;

    public static ChannelPreview For(CapAlert alert)
    {
        var info = alert.InfoFor("de");
        var headline = info?.Headline ?? info?.Event ?? "";
        var area = string.Join("; ", alert.Infos.SelectMany(i => i.Areas).Select(a => a.AreaDesc).Distinct(StringComparer.Ordinal));
        var severity = AlertTexts.SeverityLabel(info?.Severity ?? "Unknown");
        var push = $"{headline} – {area}";
        var summary = string.Join(" ", new[] { area, info?.Description, info?.Instruction }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new ChannelPreview(
            severity,
            headline,
            area,
            $"{severity}: {info?.Event}",
            push.Length <= PushBodyLength ? push : push[..(PushBodyLength - 1)] + "…",
            headline,
            info?.Instruction ?? info?.Description ?? "",
            headline,
            summary);
    }
}
