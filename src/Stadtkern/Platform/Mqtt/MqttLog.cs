namespace Stadtkern.Platform.Mqtt;

internal static partial class MqttLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT connected to {Broker} as {ClientId} (session present: {SessionPresent})")]
    public static partial void MqttConnected(this ILogger logger, string broker, string clientId, bool sessionPresent);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT reconnected to {Broker} (session present: {SessionPresent})")]
    public static partial void MqttReconnected(this ILogger logger, string broker, bool sessionPresent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection to {Broker} failed: {Reason}; next attempt after {DelaySeconds:0.#} s")]
    public static partial void MqttReconnectFailed(this ILogger logger, string broker, string reason, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection to {Broker} lost: {Reason}")]
    public static partial void MqttConnectionLost(this ILogger logger, string broker, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT protocol error from {Broker}: {Reason}; the connection was closed")]
    public static partial void MqttProtocolError(this ILogger logger, string broker, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The MQTT broker refused the subscription to {Filter}")]
    public static partial void MqttSubscriptionRefused(this ILogger logger, string filter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling the MQTT message on {Topic} (QoS {Qos}) failed")]
    public static partial void MqttHandlerFailed(this ILogger logger, Exception exception, string topic, int qos);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT is off (no Mqtt:Url configured)")]
    public static partial void MqttOff(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection to {Broker} failed: {Reason}; retrying in {DelaySeconds:0.#} s")]
    public static partial void MqttInitialConnectFailed(this ILogger logger, string broker, string reason, double delaySeconds);
}
