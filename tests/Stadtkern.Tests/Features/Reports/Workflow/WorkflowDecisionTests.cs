using Stadtkern.Features.Reports.Workflow;

namespace Stadtkern.Tests.Features.Reports.Workflow;

public sealed class WorkflowDecisionTests
{
    [Theory]
    [InlineData("open", "in_progress")]
    [InlineData("open", "closed")]
    [InlineData("in_progress", "closed")]
    [InlineData("in_progress", "open")]
    [InlineData("closed", "open")]
    public void The_workflow_allows_its_moves(string from, string to) =>
        StatusTransitions.Check(from, to, isMergedDuplicate: false).ShouldBe(TransitionCheck.Allowed);

    [Fact]
    public void A_closed_report_must_be_reopened_before_work_starts_again() =>
        StatusTransitions.Check("closed", "in_progress", false).ShouldBe(TransitionCheck.NotAllowed);

    [Theory]
    [InlineData("done")]
    [InlineData("")]
    [InlineData("OPEN")]
    public void Unknown_statuses_are_bad_input(string to) =>
        StatusTransitions.Check("open", to, false).ShouldBe(TransitionCheck.UnknownStatus);

    [Fact]
    public void The_same_status_again_is_no_change() =>
        StatusTransitions.Check("in_progress", "in_progress", false).ShouldBe(TransitionCheck.Unchanged);

    [Fact]
    public void A_merged_duplicate_cannot_be_reopened() =>
        StatusTransitions.Check("closed", "open", isMergedDuplicate: true).ShouldBe(TransitionCheck.MergedDuplicate);

    [Fact]
    public void Targets_list_only_allowed_moves()
    {
        StatusTransitions.Targets("closed", false).ShouldBe(["open"]);
        StatusTransitions.Targets("open", false).ShouldBe(["in_progress", "closed"]);
        StatusTransitions.Targets("closed", true).ShouldBeEmpty();
    }

    private static readonly DateTimeOffset Requested = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_report_is_overdue_only_after_its_service_level_has_passed()
    {
        Sla.DueAt(Requested, 5).ShouldBe(Requested.AddDays(5));
        Sla.IsOverdue("open", Requested, 5, Requested.AddDays(5)).ShouldBeFalse();
        Sla.IsOverdue("open", Requested, 5, Requested.AddDays(5).AddMinutes(1)).ShouldBeTrue();
        Sla.IsOverdue("in_progress", Requested, 5, Requested.AddDays(9)).ShouldBeTrue();
    }

    [Fact]
    public void Closed_reports_and_services_without_a_service_level_are_never_overdue()
    {
        Sla.IsOverdue("closed", Requested, 5, Requested.AddDays(30)).ShouldBeFalse();
        Sla.IsOverdue("open", Requested, null, Requested.AddDays(300)).ShouldBeFalse();
        Sla.IsOverdue("open", Requested, 0, Requested.AddDays(300)).ShouldBeFalse();
    }

    [Fact]
    public void The_database_cutoff_agrees_with_the_decision()
    {
        var now = Requested.AddDays(7);
        var cutoff = Sla.OverdueBefore(5, now);
        (Requested < cutoff).ShouldBe(Sla.IsOverdue("open", Requested, 5, now));
        (Requested.AddDays(3) < cutoff).ShouldBe(Sla.IsOverdue("open", Requested.AddDays(3), 5, now));
    }

    // Konstanz: Marktstätte and points around it.
    private const double MarktLat = 47.65970;
    private const double MarktLon = 9.17700;
    private static readonly Guid Pothole = Guid.NewGuid();
    private static readonly Guid Lamp = Guid.NewGuid();

    [Fact]
    public void Haversine_distances_match_known_distances_in_Konstanz()
    {
        // Marktstätte to the Münster (about 420 m north-west).
        DuplicateScoring.Distance(MarktLat, MarktLon, 47.66335, 9.17566).ShouldBeInRange(400, 440);
        // 0.00045° of latitude are about 50 m.
        DuplicateScoring.Distance(MarktLat, MarktLon, MarktLat + 0.00045, MarktLon).ShouldBeInRange(49, 51);
    }

    [Fact]
    public void Nearby_open_reports_of_the_same_service_are_suggested_nearest_first()
    {
        var subject = new DuplicateProbe(1, Pothole, "open", MarktLat, MarktLon, Requested, null);
        DuplicateProbe[] candidates =
        [
            new(2, Pothole, "open", MarktLat + 0.00045, MarktLon, Requested.AddDays(-2), null),        // ~50 m
            new(3, Pothole, "in_progress", MarktLat, MarktLon + 0.0002, Requested.AddDays(1), null),   // ~15 m
            new(4, Lamp, "open", MarktLat, MarktLon, Requested, null),                                 // other service
            new(5, Pothole, "closed", MarktLat, MarktLon, Requested, null),                            // closed
            new(6, Pothole, "open", 47.66335, 9.17566, Requested, null),                               // Münster, 420 m
            new(7, Pothole, "open", MarktLat, MarktLon, Requested.AddDays(-60), null),                 // too old
            new(8, Pothole, "open", null, null, Requested, null),                                      // no location
            new(9, Pothole, "open", MarktLat, MarktLon, Requested, 2),                                 // already merged
            new(1, Pothole, "open", MarktLat, MarktLon, Requested, null),                              // itself
        ];

        var suggestions = DuplicateScoring.Rank(subject, candidates, DuplicateWindow.Default);

        suggestions.Select(s => s.Id).ShouldBe([3, 2]);
        suggestions[0].DistanceMeters.ShouldBeInRange(13, 17);
        suggestions[1].DistanceMeters.ShouldBeInRange(49, 51);
        suggestions[1].HoursApart.ShouldBe(48);
    }

    [Fact]
    public void A_report_without_service_or_location_gets_no_suggestions()
    {
        var candidates = new[] { new DuplicateProbe(2, Pothole, "open", MarktLat, MarktLon, Requested, null) };
        DuplicateScoring.Rank(new DuplicateProbe(1, null, "open", MarktLat, MarktLon, Requested, null), candidates, DuplicateWindow.Default).ShouldBeEmpty();
        DuplicateScoring.Rank(new DuplicateProbe(1, Pothole, "open", null, null, Requested, null), candidates, DuplicateWindow.Default).ShouldBeEmpty();
    }

    [Fact]
    public void The_prefilter_box_contains_the_radius()
    {
        var (dLat, dLon) = DuplicateScoring.Box(MarktLat, 100);
        DuplicateScoring.Distance(MarktLat, MarktLon, MarktLat + dLat, MarktLon).ShouldBeGreaterThan(100);
        DuplicateScoring.Distance(MarktLat, MarktLon, MarktLat, MarktLon + dLon).ShouldBeGreaterThan(100);
    }
}
