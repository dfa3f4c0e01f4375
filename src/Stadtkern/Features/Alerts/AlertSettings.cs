using Stadtkern.Features.Alerts.Delivery;
using Stadtkern.Features.Alerts.Templates;

namespace Stadtkern.Features.Alerts;

/// <summary>The tenant's alert settings (tenant settings section <see cref="Section"/>), edited on /verwaltung/warnungen/einstellungen.</summary>
internal sealed record AlertSettings
{
    public const string Section = "alerts";

    /// <summary>Enabled channel keys (<see cref="AlertChannels"/>); default all.</summary>
    public List<string> Channels { get; init; } = [.. AlertChannels.All];

    /// <summary>Alerts from staff and the API wait for a second staff member's approval. Default off.</summary>
    public bool FourEyes { get; init; }

    /// <summary>The compose form's templates; null = the built-in German defaults (<see cref="AlertTemplates.Defaults"/>).</summary>
    public List<AlertTemplate>? Templates { get; init; }

    public bool HasChannel(string key) => Channels.Contains(key, StringComparer.Ordinal);

    public IReadOnlyList<AlertTemplate> EffectiveTemplates => Templates is { Count: > 0 } ? Templates : AlertTemplates.Defaults;
}
