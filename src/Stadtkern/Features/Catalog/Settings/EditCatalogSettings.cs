using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Search;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Settings;

/// <summary>A tenant's catalog settings as the API and the settings page exchange them.</summary>
internal sealed record CatalogSettingsDto(string? ContributorId, string? Title, string? Description, int MinimumQuality);

/// <summary>Reads and changes a tenant's catalog settings: GovData contributor id, catalog title and description, minimum quality.</summary>
internal sealed class EditCatalogSettings(StadtkernDb db)
{
    /// <summary>GovData's contributor ids live in this namespace (vocab-contributors).</summary>
    public const string ContributorNamespace = "http://dcat-ap.de/def/contributors/";

    public async Task<CatalogSettingsDto> GetAsync(CancellationToken cancellationToken)
    {
        var settings = await db.Set<CatalogSettings>().AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return new CatalogSettingsDto(settings?.ContributorId, settings?.Title, settings?.Description, settings?.MinimumQuality ?? 0);
    }

    public static Dictionary<string, string[]> Validate(CatalogSettingsDto input)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (input.ContributorId is { Length: > 0 } id
            && (!id.StartsWith(ContributorNamespace, StringComparison.Ordinal) || id.Length <= ContributorNamespace.Length || id.Length > 500 || id.Any(char.IsWhiteSpace)))
        {
            errors["contributorId"] = [$"Die Contributor-ID ist eine Adresse aus GovDatas Liste, z. B. {ContributorNamespace}stadtMusterstadt."];
        }

        if (input.Title is { Length: > 300 })
        {
            errors["title"] = ["Der Titel darf höchstens 300 Zeichen lang sein."];
        }

        if (input.MinimumQuality is < 0 or > 100)
        {
            errors["minimumQuality"] = ["Die Mindestqualität liegt zwischen 0 und 100."];
        }

        return errors;
    }

    public async Task<Dictionary<string, string[]>> SaveAsync(CatalogSettingsDto input, CancellationToken cancellationToken)
    {
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return errors;
        }

        var settings = await db.Set<CatalogSettings>().FirstOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = new CatalogSettings { TenantId = db.CurrentTenantId };
            db.Add(settings);
        }

        settings.ContributorId = Blank(input.ContributorId);
        settings.Title = Blank(input.Title);
        settings.Description = Blank(input.Description);
        settings.MinimumQuality = input.MinimumQuality;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await CatalogChangeStamp.BumpAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return errors;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

internal static class CatalogSettingsEndpoints
{
    public static IEndpointRouteBuilder MapCatalogSettings(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/catalog/settings").WithTags("Katalog").RequireAuthorization(Policies.DataSteward);
        group.MapGet("", async (EditCatalogSettings settings, CancellationToken ct) => TypedResults.Ok(await settings.GetAsync(ct)))
            .WithName("GetCatalogSettings").WithSummary("Katalogeinstellungen des Mandanten (GovData-Contributor-ID, Titel, Mindestqualität).");
        group.MapPut("", async Task<Results<Ok<CatalogSettingsDto>, ValidationProblem>> (CatalogSettingsDto input, EditCatalogSettings settings, CancellationToken ct) =>
            {
                var errors = await settings.SaveAsync(input, ct);
                return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(await settings.GetAsync(ct));
            })
            .WithName("PutCatalogSettings").WithSummary("Ändert die Katalogeinstellungen des Mandanten.");
        return endpoints;
    }
}
