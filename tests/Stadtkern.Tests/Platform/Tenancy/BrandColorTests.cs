using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Tests.Platform.Tenancy;

public sealed class BrandColorTests
{
    [Fact]
    public void White_text_on_black_has_the_maximum_contrast_of_21_to_1()
    {
        BrandColor.ContrastWithWhite("#000000").ShouldBe(21.0, tolerance: 1e-9);
    }

    [Fact]
    public void White_text_on_white_has_no_contrast()
    {
        BrandColor.ContrastWithWhite("#ffffff").ShouldBe(1.0, tolerance: 1e-9);
    }

    [Theory]
    [InlineData("#000000", 0.0)]
    [InlineData("#ffffff", 1.0)]
    [InlineData("#ff0000", 0.2126)]
    [InlineData("#00ff00", 0.7152)]
    [InlineData("#0000ff", 0.0722)]
    public void Relative_luminance_follows_the_wcag_channel_weights(string hex, double luminance)
    {
        BrandColor.RelativeLuminance(hex).ShouldBe(luminance, tolerance: 1e-9);
    }

    [Theory]
    [InlineData("#005a8c")] // the default
    [InlineData("#000000")]
    [InlineData("#767676")] // the lightest grey that passes AA on white
    [InlineData("#B00020")]
    public void Dark_enough_colours_pass_wcag_aa(string hex)
    {
        BrandColor.ContrastWithWhite(hex).ShouldBeGreaterThanOrEqualTo(BrandColor.MinimumContrast);
    }

    [Theory]
    [InlineData("#ffff00")]
    [InlineData("#777777")] // one step lighter than #767676
    [InlineData("#00ff00")]
    [InlineData("#ffffff")]
    public void Light_colours_fail_wcag_aa(string hex)
    {
        BrandColor.ContrastWithWhite(hex).ShouldBeLessThan(BrandColor.MinimumContrast);
    }

    [Fact]
    public void The_default_colour_even_reaches_aaa_with_about_7_4_to_1()
    {
        // A regression guard for the formula, computed by hand from the WCAG 2.1 definition.
        BrandColor.ContrastWithWhite(BrandColor.Default).ShouldBe(7.39, tolerance: 0.01);
    }

    [Theory]
    [InlineData("#005a8c", true)]
    [InlineData("#005A8C", true)]
    [InlineData("005a8c", false)]
    [InlineData("#05a", false)]
    [InlineData("#005a8c00", false)]
    [InlineData("#00 a8c", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsHex_accepts_only_hash_and_six_hex_digits(string? value, bool expected)
    {
        BrandColor.IsHex(value).ShouldBe(expected);
    }
}
