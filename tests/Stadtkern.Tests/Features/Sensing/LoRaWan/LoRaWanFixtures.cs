using System.Text.Json.Nodes;

namespace Stadtkern.Tests.Features.Sensing.LoRaWan;

internal static class LoRaWanFixtures
{
    public static string Text(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Features", "Sensing", "LoRaWan", "Fixtures", name));

    public static JsonObject Json(string name) => JsonNode.Parse(Text(name))!.AsObject();

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
