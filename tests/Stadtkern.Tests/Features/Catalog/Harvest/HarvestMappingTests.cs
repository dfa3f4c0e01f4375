using System.Text.Json;
using Stadtkern.Features.Catalog.Harvest;

namespace Stadtkern.Tests.Features.Catalog.Harvest;

public sealed class HarvestMappingTests
{
    [Theory]
    [InlineData("Grünflächenamt Nachbarort", "gruenflaechenamt-nachbarort")]
    [InlineData("  Straßen & Wege  ", "strassen-wege")]
    [InlineData("Café Élysée", "cafe-elysee")]
    [InlineData("!", "unbenannt")]
    public void Names_are_slugified_for_urls(string text, string slug) => HarvestText.Slugify(text).ShouldBe(slug);

    [Fact]
    public void A_ckan_package_without_id_or_name_is_a_broken_record()
    {
        using var json = JsonDocument.Parse("""{"title": "ohne"}""");
        MapCkanPackage.Map(json.RootElement).Error.ShouldNotBeNull();
    }

    [Fact]
    public void Ckan_dates_without_offset_are_utc_and_cut_to_milliseconds() =>
        HarvestText.ParseInstant("2024-05-01T10:20:30.123456").ShouldBe(new DateTimeOffset(2024, 5, 1, 10, 20, 30, 123, TimeSpan.Zero));

    [Theory]
    [InlineData("http://dcat-ap.de/def/licenses/dl-by-de/2.0", "dl-by-de/2.0")]
    [InlineData("cc-by/4.0", "cc-by/4.0")]
    public void Licence_iris_become_ids(string value, string id) => HarvestText.LicenseId(value).ShouldBe(id);
}
