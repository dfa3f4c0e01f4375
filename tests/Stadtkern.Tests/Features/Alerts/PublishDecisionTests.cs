using Stadtkern.Features.Alerts.Delivery;
using Stadtkern.Features.Alerts.Model;
using Stadtkern.Features.Alerts.Publishing;

namespace Stadtkern.Tests.Features.Alerts;

public sealed class PublishDecisionTests
{
    [Fact]
    public void Four_eyes_hold_back_new_alerts_from_staff_and_api_but_not_nina()
    {
        PublishDecision.Decide(null, "Alert", fourEyes: true, AlertSource.Staff).ShouldBe(new(AlertStates.Pending, null));
        PublishDecision.Decide(null, "Alert", fourEyes: true, AlertSource.Api).ShouldBe(new(AlertStates.Pending, null));
        PublishDecision.Decide(null, "Alert", fourEyes: true, AlertSource.Nina).ShouldBe(new(AlertStates.Active, AlertEventKinds.Published));
        PublishDecision.Decide(null, "Alert", fourEyes: false, AlertSource.Staff).ShouldBe(new(AlertStates.Active, AlertEventKinds.Published));
    }

    [Fact]
    public void Updates_and_all_clear_of_a_published_alert_go_out_at_once()
    {
        PublishDecision.Decide(AlertStates.Active, "Update", fourEyes: true, AlertSource.Staff).ShouldBe(new(AlertStates.Active, AlertEventKinds.Updated));
        PublishDecision.Decide(AlertStates.Active, "Cancel", fourEyes: true, AlertSource.Staff).ShouldBe(new(AlertStates.Cancelled, AlertEventKinds.Cancelled));
        PublishDecision.Decide(AlertStates.Pending, "Cancel", fourEyes: true, AlertSource.Staff).ShouldBe(new(AlertStates.Cancelled, null));
        PublishDecision.Decide(AlertStates.Cancelled, "Cancel", fourEyes: false, AlertSource.Nina).ShouldBe(new(AlertStates.Cancelled, null));
    }

    [Fact]
    public void The_author_cannot_approve_their_own_alert()
    {
        PublishDecision.CheckApproval(AlertStates.Pending, "anna@example.org", "ANNA@example.org").ShouldNotBeNull();
        PublishDecision.CheckApproval(AlertStates.Pending, "anna@example.org", "ben@example.org").ShouldBeNull();
        PublishDecision.CheckApproval(AlertStates.Active, "anna@example.org", "ben@example.org").ShouldNotBeNull();
    }

    [Fact]
    public void Backoff_doubles_up_to_the_limit()
    {
        DeliveryBackoff.Delay(1, 5, 600).ShouldBe(TimeSpan.FromSeconds(5));
        DeliveryBackoff.Delay(2, 5, 600).ShouldBe(TimeSpan.FromSeconds(10));
        DeliveryBackoff.Delay(4, 5, 600).ShouldBe(TimeSpan.FromSeconds(40));
        DeliveryBackoff.Delay(20, 5, 600).ShouldBe(TimeSpan.FromSeconds(600));
    }
}
