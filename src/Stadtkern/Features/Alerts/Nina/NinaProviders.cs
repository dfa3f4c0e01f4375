namespace Stadtkern.Features.Alerts.Nina;

/// <summary>The warning sources the federal API aggregates, with the id prefix each uses (<c>mow.</c>, <c>dwd.</c>, …).</summary>
internal static class NinaProviders
{
    public const string Mowas = "mowas";
    public const string Katwarn = "katwarn";
    public const string Biwapp = "biwapp";
    public const string Dwd = "dwd";
    public const string Lhp = "lhp";
    public const string Police = "police";

    public static readonly IReadOnlyList<string> All = [Mowas, Katwarn, Biwapp, Dwd, Lhp, Police];

    /// <summary>The source of a warning id (<c>mow.DE-NW-…</c> → mowas), else of the dashboard's provider name, else null.</summary>
    public static string? Of(string warningId, string? providerName = null)
    {
        var dot = warningId.IndexOf('.', StringComparison.Ordinal);
        var prefix = dot > 0 ? warningId[..dot] : "";
        var byPrefix = prefix.ToLowerInvariant() switch
        {
            "mow" => Mowas,
            "kat" => Katwarn,
            "biw" => Biwapp,
            "dwd" => Dwd,
            "lhp" => Lhp,
            "pol" => Police,
            _ => null,
        };
        if (byPrefix is not null || providerName is null)
        {
            return byPrefix;
        }

        return providerName.ToLowerInvariant() switch
        {
            "mowas" => Mowas,
            "katwarn" => Katwarn,
            "biwapp" => Biwapp,
            "dwd" => Dwd,
            "lhp" => Lhp,
            "police" or "polizei" => Police,
            _ => null,
        };
    }
}
