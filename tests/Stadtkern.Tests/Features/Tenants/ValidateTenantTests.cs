using System.Globalization;
using Stadtkern.Features.Tenants;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Tests.Features.Tenants;

/// <summary>The tenant rules as a pure function: no host, no database.</summary>
public sealed class ValidateTenantTests
{
    // Konstanz: ARS 08 3 35 0043 043 → AGS 08 3 35 043.
    private static TenantRequest Valid() => new(
        "konstanz",
        "Konstanz",
        "083350043043",
        "08335043",
        new ContactDto("Bürgerbüro", "buergerbuero@konstanz.example", "+49 7531 900-0", "https://www.konstanz.example"),
        new BrandingDto("/logo.svg", "#005A8C", "Stadt am See"),
        ["reports", "catalog"],
        [new DepartmentDto("tiefbau", "Tiefbauamt", "tiefbau@konstanz.example")]);

    private static Dictionary<string, string[]> ErrorsOf(TenantRequest request)
    {
        var (value, errors) = ValidateTenant.Check(request);
        value.ShouldBeNull();
        return errors;
    }

    [Fact]
    public void A_complete_request_is_valid_and_normalised()
    {
        var (value, errors) = ValidateTenant.Check(Valid() with { Name = "  Konstanz ", Slug = " konstanz " });

        errors.ShouldBeEmpty();
        var valid = value.ShouldNotBeNull();
        valid.Slug.ShouldBe("konstanz");
        valid.Name.ShouldBe("Konstanz");
        valid.Branding.PrimaryColor.ShouldBe("#005a8c");
        valid.Branding.LogoUrl.ShouldBe("/logo.svg");
        valid.Contact.Email.ShouldBe("buergerbuero@konstanz.example");
        valid.Modules.ShouldBe([Module.Catalog, Module.Reports]);
        valid.Departments.ShouldHaveSingleItem().ShouldBe(("tiefbau", "Tiefbauamt", (string?)"tiefbau@konstanz.example"));
    }

    [Fact]
    public void Without_modules_every_module_is_enabled_and_without_colour_the_default_is_used()
    {
        var (value, _) = ValidateTenant.Check(Valid() with { Modules = null, Branding = null, Contact = null, Departments = null });

        var valid = value.ShouldNotBeNull();
        valid.Modules.ShouldBe(ModuleList.All);
        valid.Branding.PrimaryColor.ShouldBe(BrandColor.Default);
        valid.Contact.Email.ShouldBeNull();
        valid.Departments.ShouldBeEmpty();
    }

    [Fact]
    public void An_empty_module_list_enables_no_module()
    {
        var (value, _) = ValidateTenant.Check(Valid() with { Modules = [] });

        value.ShouldNotBeNull().Modules.ShouldBeEmpty();
    }

    [Fact]
    public void Modules_are_matched_case_insensitively_deduplicated_and_ordered()
    {
        var (value, errors) = ValidateTenant.Check(Valid() with { Modules = ["Trees", "catalog", "trees", "ALERTS"] });

        errors.ShouldBeEmpty();
        value.ShouldNotBeNull().Modules.ShouldBe([Module.Catalog, Module.Alerts, Module.Trees]);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("bad-homburg")]
    [InlineData("x1")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij123")] // 63 characters
    public void Good_slugs_are_accepted(string slug)
    {
        ValidateTenant.Check(Valid() with { Slug = slug }).Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Konstanz")]
    [InlineData("bad homburg")]
    [InlineData("-konstanz")]
    [InlineData("konstanz-")]
    [InlineData("kon_stanz")]
    [InlineData("köln")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234")] // 64 characters
    public void Bad_slugs_are_rejected_under_slug(string? slug)
    {
        ErrorsOf(Valid() with { Slug = slug }).Keys.ShouldBe(["slug"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_name_is_rejected(string name)
    {
        ErrorsOf(Valid() with { Name = name }).Keys.ShouldBe(["name"]);
    }

    [Fact]
    public void A_name_over_200_characters_is_rejected()
    {
        ErrorsOf(Valid() with { Name = new string('x', 201) }).Keys.ShouldBe(["name"]);
        ValidateTenant.Check(Valid() with { Name = new string('x', 200) }).Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("08335004304")] // 11 digits
    [InlineData("0833500430431")] // 13 digits
    [InlineData("08335004304a")]
    [InlineData("")]
    public void An_ars_that_is_not_12_digits_is_rejected_and_the_ags_is_not_compared(string ars)
    {
        ErrorsOf(Valid() with { Ars = ars }).Keys.ShouldBe(["ars"]);
    }

    [Theory]
    [InlineData("0833504")]
    [InlineData("083350433")]
    [InlineData("0833504x")]
    public void An_ags_that_is_not_8_digits_is_rejected(string ags)
    {
        ErrorsOf(Valid() with { Ags = ags }).Keys.ShouldBe(["ags"]);
    }

    [Fact]
    public void An_ags_that_does_not_match_the_ars_is_rejected_with_the_expected_value()
    {
        var errors = ErrorsOf(Valid() with { Ags = "08335044" });

        errors.Keys.ShouldBe(["ags"]);
        errors["ags"].ShouldHaveSingleItem().ShouldContain("08335043");
    }

    [Theory]
    [InlineData("08335043", "083350043043", true)]
    [InlineData("09162000", "091620000000", true)] // München (kreisfrei: Verband 0000)
    [InlineData("08335044", "083350043043", false)]
    [InlineData("08335004", "083350043043", false)]
    [InlineData("08335043", "083359999043", true)] // the Verband digits (6–9) are not part of the AGS
    public void MatchesArs_drops_the_four_verband_digits(string ags, string ars, bool matches)
    {
        ValidateTenant.MatchesArs(ags, ars).ShouldBe(matches);
    }

    [Theory]
    [InlineData("#ffff00")]
    [InlineData("#ffffff")]
    [InlineData("#7f7f7f")]
    public void A_colour_too_light_for_white_text_is_rejected_with_its_contrast(string color)
    {
        var errors = ErrorsOf(Valid() with { Branding = new BrandingDto(null, color, null) });

        errors.Keys.ShouldBe(["branding.primaryColor"]);
        errors["branding.primaryColor"].ShouldHaveSingleItem().ShouldContain("nötig sind 4,5:1 (WCAG AA)");
    }

    [Fact]
    public void The_contrast_message_is_german_whatever_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
            var errors = ErrorsOf(Valid() with { Branding = new BrandingDto(null, "#ffff00", null) });

            errors["branding.primaryColor"].ShouldHaveSingleItem().ShouldContain("nur 1,1:1, nötig sind 4,5:1");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("005a8c")]
    [InlineData("#05a8c")]
    [InlineData("#005a8g")]
    [InlineData("blue")]
    public void A_colour_that_is_not_hex_is_rejected(string color)
    {
        ErrorsOf(Valid() with { Branding = new BrandingDto(null, color, null) }).Keys.ShouldBe(["branding.primaryColor"]);
    }

    [Fact]
    public void An_unknown_module_is_rejected_naming_it()
    {
        var errors = ErrorsOf(Valid() with { Modules = ["catalog", "teleport"] });

        errors.Keys.ShouldBe(["modules"]);
        errors["modules"].ShouldHaveSingleItem().ShouldContain("teleport");
    }

    [Fact]
    public void A_null_module_is_rejected_not_thrown()
    {
        ErrorsOf(Valid() with { Modules = [null!] }).Keys.ShouldBe(["modules"]);
    }

    [Fact]
    public void A_duplicate_department_key_is_rejected_at_the_second_occurrence()
    {
        var errors = ErrorsOf(Valid() with
        {
            Departments = [new("tiefbau", "Tiefbauamt", null), new("gruen", "Grünflächenamt", null), new("tiefbau", "Noch ein Tiefbauamt", null)],
        });

        errors.Keys.ShouldBe(["departments[2].key"]);
    }

    [Fact]
    public void A_department_without_key_or_name_is_rejected_per_field()
    {
        var errors = ErrorsOf(Valid() with { Departments = [new("Tief Bau", "", "nope")] });

        errors.Keys.ShouldBe(["departments[0].key", "departments[0].name", "departments[0].email"], ignoreOrder: true);
    }

    [Fact]
    public void A_null_department_is_rejected_not_thrown()
    {
        ErrorsOf(Valid() with { Departments = [null!] }).Keys.ShouldBe(["departments[0]"]);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@")]
    [InlineData("Bürgerbüro <buergerbuero@konstanz.example>")]
    public void A_bad_contact_email_is_rejected(string email)
    {
        ErrorsOf(Valid() with { Contact = new ContactDto(null, email, null, null) }).Keys.ShouldBe(["contact.email"]);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://files.konstanz.example")]
    [InlineData("www.konstanz.example")]
    [InlineData("/relative")]
    public void A_contact_website_must_be_an_absolute_http_url(string website)
    {
        ErrorsOf(Valid() with { Contact = new ContactDto(null, null, null, website) }).Keys.ShouldBe(["contact.website"]);
    }

    [Theory]
    [InlineData("/logo.svg", true)]
    [InlineData("https://cdn.konstanz.example/logo.svg", true)]
    [InlineData("//evil.example/logo.svg", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("data:image/svg+xml,<svg/>", false)]
    public void A_logo_may_be_an_absolute_http_url_or_a_local_path(string logoUrl, bool accepted)
    {
        var (_, errors) = ValidateTenant.Check(Valid() with { Branding = new BrandingDto(logoUrl, null, null) });

        if (accepted)
        {
            errors.ShouldBeEmpty();
        }
        else
        {
            errors.Keys.ShouldBe(["branding.logoUrl"]);
        }
    }

    [Fact]
    public void Overlong_optional_fields_are_rejected()
    {
        var errors = ErrorsOf(Valid() with
        {
            Contact = new ContactDto(new string('n', 201), null, new string('1', 51), null),
            Branding = new BrandingDto(null, null, new string('d', 1001)),
        });

        errors.Keys.ShouldBe(["contact.name", "contact.phone", "branding.description"], ignoreOrder: true);
    }

    [Fact]
    public void Blank_optional_fields_become_null()
    {
        var (value, _) = ValidateTenant.Check(Valid() with { Contact = new ContactDto(" ", "", "  ", null) });

        var contact = value.ShouldNotBeNull().Contact;
        contact.Name.ShouldBeNull();
        contact.Email.ShouldBeNull();
        contact.Phone.ShouldBeNull();
    }

    [Fact]
    public void All_errors_are_reported_at_once()
    {
        var errors = ErrorsOf(new TenantRequest("Bad Slug", "", "123", "456", null, new BrandingDto(null, "#ffff00", null), ["teleport"], null));

        errors.Keys.ShouldBe(["slug", "name", "ars", "ags", "branding.primaryColor", "modules"], ignoreOrder: true);
    }
}
