using Stadtkern.Features.Reports.Model;
using Stadtkern.Features.Reports.Web;

namespace Stadtkern.Tests.Features.Reports.Web;

public sealed class AttributeAnswersTests
{
    private static readonly ServiceAttribute[] Definition =
    [
        new("seit", AttributeDatatypes.Datetime, false, "Seit wann?", 2),
        new("art", AttributeDatatypes.MultiValueList, true, "Was?", 1, [new("a", "Alpha"), new("b", "Beta")]),
        new("info", AttributeDatatypes.String, false, "Nur Information", 0, Variable: false),
    ];

    [Fact]
    public void Local_form_times_get_the_city_offset_of_that_day_and_other_values_pass_unchanged()
    {
        var answers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["seit"] = ["2026-01-15T08:05"],
            ["art"] = ["a", "b"],
        };

        var winter = AttributeAnswers.FromForm(Definition, answers);
        var summer = AttributeAnswers.FromForm(Definition, new Dictionary<string, IReadOnlyList<string>> { ["seit"] = ["2026-06-15T08:05"] });
        var iso = AttributeAnswers.FromForm(Definition, new Dictionary<string, IReadOnlyList<string>> { ["seit"] = ["2026-06-15T08:05:00Z"] });
        var junk = AttributeAnswers.FromForm(Definition, new Dictionary<string, IReadOnlyList<string>> { ["seit"] = ["bald"] });

        winter["seit"].ShouldBe(["2026-01-15T08:05:00+01:00"]);
        winter["art"].ShouldBe(["a", "b"]);
        summer["seit"].ShouldBe(["2026-06-15T08:05:00+02:00"]);
        iso["seit"].ShouldBe(["2026-06-15T08:05:00Z"]);
        junk["seit"].ShouldBe(["bald"]);
    }

    [Fact]
    public void Stored_answers_read_as_questions_and_names_in_definition_order_with_unknown_codes_last()
    {
        var answers = AttributeAnswers.Describe(Definition, """{"alt":"x","seit":"2026-01-15T07:05:00Z","art":["b","a","z"]}""");

        answers.Select(a => (a.Question, a.Answer)).ShouldBe(
        [
            ("Was?", "Beta, Alpha, z"),
            ("Seit wann?", "15.01.2026 08:05"),
            ("alt", "x"),
        ]);
        AttributeAnswers.Describe(Definition, "kein json").ShouldBeEmpty();
        AttributeAnswers.Describe(Definition, null).ShouldBeEmpty();
        AttributeAnswers.Questions(Definition).Select(q => q.Code).ShouldBe(["art", "seit"]);
        AttributeAnswers.FieldId("a b/ä").ShouldBe("angabe-a-b--");
    }
}
