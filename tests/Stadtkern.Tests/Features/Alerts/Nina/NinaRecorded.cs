namespace Stadtkern.Tests.Features.Alerts.Nina;

/// <summary>Responses in the api31 format (structure as the live API answers), for the Konstanz district (ARS 08335…).</summary>
internal static class NinaRecorded
{
    public const string MowasId = "mow.DE-BW-KN-SE055-20261122-55-000";
    public const string DwdId = "dwd.2.49.0.0.276.0.DWD.PVW.1763784000000.5f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0.MUL";
    public const string LhpBwId = "lhp.HOCHWASSERZENTRALEN.DE.BW.20261122.0417";
    public const string LhpSnId = "lhp.HOCHWASSERZENTRALEN.DE.SN.20261121.2210";
    public const string KatwarnId = "kat.6740a1b2c3d4e5f601234567_public_topics";

    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Features", "Alerts", "Nina", "Recorded", name));
}
