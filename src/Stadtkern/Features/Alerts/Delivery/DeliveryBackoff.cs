namespace Stadtkern.Features.Alerts.Delivery;

/// <summary>Exponential backoff between delivery attempts (pure).</summary>
internal static class DeliveryBackoff
{
    /// <param name="failedAttempts">Attempts made so far, all failed (≥ 1).</param>
    /// <param name="baseSeconds">Wait after the first failure.</param>
    /// <param name="maxSeconds">Longest wait.</param>
    public static TimeSpan Delay(int failedAttempts, double baseSeconds, double maxSeconds)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        return TimeSpan.FromSeconds(Math.Min(maxSeconds, baseSeconds * Math.Pow(2, exponent)));
    }
}
