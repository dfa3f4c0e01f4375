using Stadtkern.Features.Reports.Routing.Classifier;

namespace Stadtkern.Tests.Features.Reports.Routing;

public sealed class RoutingTextTests
{
    [Fact]
    public void Words_are_lower_case_runs_of_letters_and_digits()
    {
        RoutingText.Words("Laterne Nr. 5 am Radweg geht NICHT! Straßenlaterne/Übergang").ShouldBe(
            ["laterne", "nr", "5", "am", "radweg", "geht", "nicht", "straßenlaterne", "übergang"]);
        RoutingText.Words(null).ShouldBeEmpty();
        RoutingText.Words("  ,;  ").ShouldBeEmpty();
    }

    [Fact]
    public void Stems_join_inflected_forms_and_keep_numbers()
    {
        RoutingText.Stem("laternen").ShouldBe(RoutingText.Stem("laterne"));
        RoutingText.Stem("straßenlaternen").ShouldBe(RoutingText.Stem("strassenlaterne"));
        RoutingText.Stem("a12b").ShouldBe("a12b");
    }

    [Fact]
    public void Character_grams_stay_inside_the_word_with_boundary_marks()
    {
        RoutingText.CharGrams("ab", 3, 5).ShouldBe(["<ab", "ab>", "<ab>"]);
        RoutingText.CharGrams("licht", 3, 3).ShouldBe(["<li", "lic", "ich", "cht", "ht>"]);
    }

    [Fact]
    public void Feature_hashes_are_stable_and_tell_kinds_apart()
    {
        // FNV-1a, pinned: the hash must not change between processes or versions, or stored models lose their features.
        FeatureHash.Of('w', "").ShouldBe(unchecked((2166136261u ^ 'w') * 16777619u));
        FeatureHash.Of('w', "laterne").ShouldBe(FeatureHash.Of('w', new string("laterne".ToCharArray())));
        FeatureHash.Of('w', "laterne").ShouldNotBe(FeatureHash.Of('c', "laterne"));
        FeatureHash.Of('w', "").ShouldNotBe(FeatureHash.Of('w', "a"));
    }
}
