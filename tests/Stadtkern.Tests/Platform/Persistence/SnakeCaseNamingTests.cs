using Stadtkern.Platform.Persistence;

namespace Stadtkern.Tests.Platform.Persistence;

public sealed class SnakeCaseNamingTests
{
    [Theory]
    [InlineData("Tenants", "tenants")]
    [InlineData("ApiTokens", "api_tokens")]
    [InlineData("SecretHash", "secret_hash")]
    [InlineData("TenantId", "tenant_id")]
    [InlineData("Branding_PrimaryColor", "branding_primary_color")] // owned type column
    [InlineData("PK_ApiTokens", "pk_api_tokens")]
    [InlineData("FK_ApiTokens_Tenants_TenantId", "fk_api_tokens_tenants_tenant_id")]
    [InlineData("IX_Departments_TenantId_Key", "ix_departments_tenant_id_key")]
    [InlineData("HTMLParser", "html_parser")] // acronym, then a word
    [InlineData("Id", "id")]
    [InlineData("ID", "id")]
    [InlineData("Utf8Text", "utf8_text")]
    [InlineData("Level2Cache", "level2_cache")]
    [InlineData("already_snake", "already_snake")]
    [InlineData("EmailIndex", "email_index")]
    [InlineData("", "")]
    public void Converts_pascal_case_names(string name, string expected)
    {
        SnakeCaseNaming.ToSnakeCase(name).ShouldBe(expected);
    }

    [Fact]
    public void Is_idempotent()
    {
        var once = SnakeCaseNaming.ToSnakeCase("NormalizedUserName");

        SnakeCaseNaming.ToSnakeCase(once).ShouldBe(once);
        once.ShouldBe("normalized_user_name");
    }
}
