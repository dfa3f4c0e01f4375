using System.Text.Json.Nodes;

namespace Stadtkern.Features.Sensing.LoRaWan;

/// <summary>
/// One LoRaWAN uplink as Stadtkern sees it, whichever network server delivered it. The inside of the feature never sees
/// The Things Stack's or ChirpStack's JSON shapes.
/// </summary>
/// <param name="DevEui">16 uppercase hex digits.</param>
/// <param name="FCnt">Uplink frame counter (0 when the network server omitted it, as TTS does for zero values).</param>
/// <param name="FPort">Application port; 0 for MAC-only frames (nothing to decode).</param>
/// <param name="Bytes">The decrypted application payload (FRMPayload); empty when the network server sent none.</param>
/// <param name="Decoded">The network server's decoded payload, when it ran a codec.</param>
/// <param name="ReceivedAt">When the network server received the uplink (UTC).</param>
/// <param name="Rssi">Best RSSI over the receiving gateways (dBm).</param>
/// <param name="Snr">Best SNR over the receiving gateways (dB).</param>
/// <param name="GatewayCount">Number of gateways that received the uplink.</param>
/// <param name="Session">Session marker (TTS session key id or device address), part of the identity.</param>
/// <param name="Battery">Battery level the network server last learned from the device (TTS <c>last_battery_percentage</c>, %).</param>
internal sealed record Uplink(
    string DevEui,
    long FCnt,
    int FPort,
    byte[] Bytes,
    JsonObject? Decoded,
    DateTimeOffset ReceivedAt,
    double? Rssi,
    double? Snr,
    int GatewayCount,
    string? Session,
    double? Battery = null)
{
    /// <summary>The key under which this uplink is stored once, see <see cref="UplinkIdentity"/>.</summary>
    public string Identity => UplinkIdentity.For(this);
}

/// <summary>The outcome of reading a network server's request body.</summary>
internal sealed record UplinkParse(Uplink? Uplink, string? Problem, string? Ignored)
{
    public static UplinkParse Ok(Uplink uplink) => new(uplink, null, null);

    public static UplinkParse Invalid(string problem) => new(null, problem, null);

    /// <summary>A well-formed message that is not an uplink (join, status, ack, ...): acknowledged and ignored.</summary>
    public static UplinkParse Skip(string reason) => new(null, null, reason);
}
