namespace Stadtkern.Features.Sensing.Model;

/// <summary>The visibility levels of Things and Datastreams, as stored in <c>access_level</c>.</summary>
internal static class SensingAccessLevels
{
    public const string Public = "public";
    public const string Internal = "internal";
    public const string Restricted = "restricted";

    public static readonly IReadOnlyList<string> All = [Public, Internal, Restricted];

    public static bool IsKnown(string? level) => level is not null && All.Contains(level, StringComparer.Ordinal);
}
