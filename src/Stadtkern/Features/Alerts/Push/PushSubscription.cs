using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Push;

/// <summary>A browser's push subscription (the W3C <c>PushSubscription</c>) with the districts and topics chosen in the city app.</summary>
internal sealed class PushSubscription : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>The push service URL the browser handed out; unique per tenant, and the only handle a browser has to unsubscribe.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>The user agent's P-256 public key, base64url (65 bytes).</summary>
    public string P256dh { get; set; } = "";

    /// <summary>The user agent's auth secret, base64url (16 bytes).</summary>
    public string Auth { get; set; } = "";

    /// <summary>District names or regional keys (ARS) chosen; empty = the whole city.</summary>
    public List<string> Districts { get; set; } = [];

    /// <summary>Topic keys (<see cref="PushTopics"/>).</summary>
    public List<string> Topics { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? LastSentAt { get; set; }
}

internal sealed class PushSubscriptionConfiguration : IEntityTypeConfiguration<PushSubscription>
{
    private static readonly ValueConverter<List<string>, string> JsonList = new(
        v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
        v => JsonSerializer.Deserialize<List<string>>(v, JsonSerializerOptions.Default) ?? new List<string>());

    private static readonly ValueConverter<List<string>, string> KeyList = new(
        v => string.Join(',', v),
        v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList());

    private static readonly ValueComparer<List<string>> ListComparer = new(
        (a, b) => a != null && b != null && a.SequenceEqual(b),
        v => v.Aggregate(0, (hash, s) => HashCode.Combine(hash, s.GetHashCode(StringComparison.Ordinal))),
        v => v.ToList());

    public void Configure(EntityTypeBuilder<PushSubscription> builder)
    {
        builder.ToTable("push_subscriptions");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => new { s.TenantId, s.Endpoint }).IsUnique();
        builder.Property(s => s.Endpoint).HasMaxLength(PushLimits.EndpointLength);
        builder.Property(s => s.P256dh).HasMaxLength(100);
        builder.Property(s => s.Auth).HasMaxLength(40);
        builder.Property(s => s.Districts).HasConversion(JsonList, ListComparer).HasMaxLength(2000);
        builder.Property(s => s.Topics).HasConversion(KeyList, ListComparer).HasMaxLength(200);
    }
}

/// <summary>What a subscriber can follow. The alert channel pushes to <see cref="Alerts"/>; a feature that wants to push adds its own
/// topic here together with the code that sends to it (a topic nobody sends to would only be a checkbox that never does anything).</summary>
internal static class PushTopics
{
    public const string Alerts = "alerts";

    public static readonly IReadOnlyList<string> All = [Alerts];
}

internal static class PushLimits
{
    public const int EndpointLength = 2000;

    public const int MaxDistricts = 50;
}
