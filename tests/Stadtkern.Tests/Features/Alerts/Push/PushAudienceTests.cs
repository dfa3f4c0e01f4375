using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Features.Alerts.Delivery;
using Stadtkern.Features.Alerts.Push;
using Stadtkern.Features.App;

namespace Stadtkern.Tests.Features.Alerts.Push;

public sealed class PushAudienceTests
{
    private static readonly AppDistrict[] Districts = [new("Altstadt", "083350043001"), new("Paradies")];
    private static readonly DateTimeOffset Sent = new(2026, 11, 22, 5, 0, 0, TimeSpan.Zero);

    private static Func<IReadOnlyList<string>, bool> Audience(string areaDesc, params CapValue[] geocodes) =>
        PushAudience.For(PushChannelTests.Alert("a", "Severe", areaDesc, Sent, geocodes), "Konstanz", "083350043043", "08335043", Districts);

    [Fact]
    public void Citywide_alerts_reach_everyone()
    {
        Audience("Konstanz")(["Paradies"]).ShouldBeTrue();
        Audience("Landkreis Konstanz", new CapValue("ARS", "083350000000"))(["Paradies"]).ShouldBeTrue();
        Audience("Baden-Württemberg", new CapValue("ARS", "080000000000"))(["Altstadt"]).ShouldBeTrue();
        Audience("Stadtgebiet", new CapValue("AGS", "08335043"))(["Altstadt"]).ShouldBeTrue();
    }

    [Fact]
    public void District_alerts_reach_that_district_and_whole_city_subscribers_only()
    {
        var byName = Audience("Paradies, Seestraße");
        byName(["Paradies"]).ShouldBeTrue();
        byName(["Altstadt"]).ShouldBeFalse();
        byName([]).ShouldBeTrue();

        var byKey = Audience("Rheinufer", new CapValue("ARS", "083350043001"));
        byKey(["Altstadt", "Paradies"]).ShouldBeTrue();
        byKey(["Paradies"]).ShouldBeFalse();

        Audience("Singen", new CapValue("ARS", "083350075075"))(["Altstadt"]).ShouldBeFalse();
    }

    [Fact]
    public void Severity_sets_urgency_and_expiry_sets_ttl()
    {
        var now = Sent.AddHours(1);
        AlertPushMessage.Urgency(Context("Extreme", AlertEventKinds.Published)).ShouldBe(PushUrgency.High);
        AlertPushMessage.Urgency(Context("Moderate", AlertEventKinds.Published)).ShouldBe(PushUrgency.Normal);
        AlertPushMessage.Urgency(Context("Minor", AlertEventKinds.Published)).ShouldBe(PushUrgency.Low);
        AlertPushMessage.Urgency(Context("Extreme", AlertEventKinds.Cancelled)).ShouldBe(PushUrgency.Normal);
        AlertPushMessage.TtlSeconds(Context("Severe", AlertEventKinds.Published), now, 999).ShouldBe(5 * 3600);
        AlertPushMessage.TtlSeconds(Context("Severe", AlertEventKinds.Published), Sent.AddHours(7), 999).ShouldBe(60);
        AlertPushMessage.TtlSeconds(Context("Severe", AlertEventKinds.Cancelled), now, 999).ShouldBe(999);
        AlertPushMessage.Topic(Context("Severe", AlertEventKinds.Published)).Length.ShouldBeLessThanOrEqualTo(32);
    }

    private static AlertDeliveryContext Context(string severity, string kind) =>
        new(Guid.NewGuid(), "konstanz", Guid.NewGuid(), 1, 1, kind, PushChannelTests.Alert("a", severity, "Konstanz", Sent));
}
