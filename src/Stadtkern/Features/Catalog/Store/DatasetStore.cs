using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Search;
using Stadtkern.Features.Catalog.Vocabularies;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Catalog.Store;

/// <summary>
/// The only writer of datasets. Every change runs in one transaction that also rewrites the dataset's
/// search text, facet rows, quality score and activity entry, so search and facets cannot drift from the
/// data (the database's own index on the search text is updated in the same commit, see V0003__catalog).
/// </summary>
internal sealed class DatasetStore(StadtkernDb db, TenantContext tenant, TimeProvider clock)
{
    /// <summary>Facet names, as CKAN's <c>facet.field</c> and <c>fq</c> know them.</summary>
    public static readonly IReadOnlyList<string> FacetNames = ["organization", "groups", "tags", "res_format", "license_id", "theme", "access"];

    public IQueryable<Dataset> Datasets => db.Set<Dataset>();

    /// <summary>A dataset by id or name with its publisher and resources (in order); deleted ones only when asked.</summary>
    public async Task<Dataset?> FindAsync(string idOrName, CancellationToken cancellationToken, bool includeDeleted = false, bool track = false)
    {
        var query = db.Set<Dataset>().Include(d => d.Organization).Include(d => d.Resources.OrderBy(r => r.Position)).AsQueryable();
        if (!track)
        {
            query = query.AsNoTracking();
        }

        var dataset = Guid.TryParse(idOrName, out var id)
            ? await query.FirstOrDefaultAsync(d => d.Id == id, cancellationToken)
            : await query.FirstOrDefaultAsync(d => d.Name == idOrName, cancellationToken);
        return dataset is not null && (includeDeleted || dataset.State == DatasetState.Active) ? dataset : null;
    }

    public Task<List<CatalogGroup>> GroupsOfAsync(Guid datasetId, CancellationToken cancellationToken) =>
        db.Set<DatasetGroup>().Where(g => g.DatasetId == datasetId)
            .Join(db.Set<CatalogGroup>(), l => l.GroupId, g => g.Id, (_, g) => g)
            .OrderBy(g => g.Name).AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>The stored dataset as an input, for patches: change what you need with <c>with</c> and pass it to <see cref="UpdateAsync"/>.</summary>
    public async Task<DatasetInput> ToInputAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        var groups = await GroupsOfAsync(dataset.Id, cancellationToken);
        return new DatasetInput
        {
            Name = dataset.Name,
            Title = dataset.Title,
            Notes = dataset.Notes,
            Organization = dataset.OrganizationId.ToString(),
            Tags = dataset.Tags,
            Themes = dataset.Themes,
            Groups = [.. groups.Select(g => g.Name)],
            LicenseId = dataset.LicenseId,
            LicenseAttribution = dataset.LicenseAttribution,
            ContactName = dataset.ContactName,
            ContactEmail = dataset.ContactEmail,
            ContactUrl = dataset.ContactUrl,
            LandingPage = dataset.LandingPage,
            TemporalStart = dataset.TemporalStart,
            TemporalEnd = dataset.TemporalEnd,
            SpatialGeoJson = dataset.SpatialGeoJson,
            PoliticalGeocodingUri = dataset.PoliticalGeocodingUri,
            Frequency = dataset.Frequency,
            Issued = dataset.Issued,
            Modified = null,
            Access = dataset.Access,
            Extras = [.. dataset.Extras.Select(e => KeyValuePair.Create(e.Key, e.Value))],
            Resources = [.. dataset.Resources.OrderBy(r => r.Position).Select(r => new ResourceInput
            {
                Id = r.Id, Name = r.Name, Description = r.Description, Url = r.Url, Format = r.Format,
                MediaType = r.MediaType, Size = r.Size, Checksum = r.Checksum, StorageKey = r.StorageKey,
            })],
            HarvestSourceId = dataset.HarvestSourceId,
            HarvestIdentifier = dataset.HarvestIdentifier,
        };
    }

    public async Task<StoreResult> CreateAsync(DatasetInput input, CatalogCaller caller, CancellationToken cancellationToken)
    {
        var errors = ValidateDataset.Check(input);
        if (errors.Count == 0 && await db.Set<Dataset>().AnyAsync(d => d.Name == input.Name, cancellationToken))
        {
            errors["name"] = ["Diese URL (name) wird bereits verwendet."];
        }

        var now = StoredTime.GetStoredNow(clock);
        var dataset = new Dataset
        {
            Id = Guid.CreateVersion7(),
            Created = now,
            CreatedBy = caller.Actor,
            Issued = input.Issued ?? now,
            State = DatasetState.Active,
        };
        return await SaveAsync(dataset, input, errors, caller, "new package", isNew: true, cancellationToken);
    }

    /// <summary>Replaces the dataset's metadata and resource list (CKAN's <c>package_update</c>); resources named by id keep their file and datastore.</summary>
    public async Task<StoreResult> UpdateAsync(string idOrName, DatasetInput input, CatalogCaller caller, CancellationToken cancellationToken)
    {
        var dataset = await FindAsync(idOrName, cancellationToken, includeDeleted: true, track: true);
        if (dataset is null)
        {
            return StoreResult.Missing;
        }

        var errors = ValidateDataset.Check(input);
        if (errors.Count == 0 && input.Name != dataset.Name && await db.Set<Dataset>().AnyAsync(d => d.Name == input.Name, cancellationToken))
        {
            errors["name"] = ["Diese URL (name) wird bereits verwendet."];
        }

        // Editing a deleted dataset brings it back, as in CKAN.
        dataset.State = DatasetState.Active;
        return await SaveAsync(dataset, input, errors, caller, "changed package", isNew: false, cancellationToken);
    }

    /// <summary>Marks the dataset deleted (CKAN's <c>package_delete</c>): it leaves search, DCAT and the portal, its history stays.</summary>
    public async Task<bool> DeleteAsync(string idOrName, CatalogCaller caller, CancellationToken cancellationToken)
    {
        var dataset = await FindAsync(idOrName, cancellationToken, track: true);
        if (dataset is null)
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        dataset.State = DatasetState.Deleted;
        dataset.Version++;
        dataset.Modified = StoredTime.GetStoredNow(clock);
        dataset.ModifiedBy = caller.Actor;
        AddActivity(dataset, "deleted package", caller);
        await db.SaveChangesAsync(cancellationToken);
        await CatalogChangeStamp.MarkChangedAsync(db, dataset.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<StoreResult> SaveAsync(
        Dataset dataset, DatasetInput input, Dictionary<string, string[]> errors, CatalogCaller caller, string action, bool isNew, CancellationToken cancellationToken)
    {
        var organization = await FindOrganizationAsync(input.Organization, cancellationToken);
        if (organization is null && !string.IsNullOrWhiteSpace(input.Organization))
        {
            errors["owner_org"] = [$"Die Organisation „{input.Organization}“ gibt es in diesem Katalog nicht."];
        }

        var groups = new List<CatalogGroup>();
        foreach (var name in input.Groups.Distinct(StringComparer.Ordinal))
        {
            var group = await FindGroupAsync(name, cancellationToken);
            if (group is null)
            {
                errors["groups"] = [$"Die Gruppe „{name}“ gibt es in diesem Katalog nicht."];
            }
            else
            {
                groups.Add(group);
            }
        }

        if (errors.Count > 0)
        {
            return StoreResult.Invalid(errors);
        }

        var now = StoredTime.GetStoredNow(clock);
        Apply(dataset, input, organization!, now);
        dataset.Version++;
        dataset.ModifiedBy = caller.Actor;
        dataset.Quality = DatasetDerivedData.Quality(dataset);
        dataset.SearchText = DatasetDerivedData.SearchText(dataset, organization!, groups);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (isNew)
        {
            db.Add(dataset);
        }
        else
        {
            await db.Set<DatasetFacet>().Where(f => f.DatasetId == dataset.Id).ExecuteDeleteAsync(cancellationToken);
            await db.Set<DatasetGroup>().Where(g => g.DatasetId == dataset.Id).ExecuteDeleteAsync(cancellationToken);
            foreach (var stale in db.ChangeTracker.Entries().Where(e => e.Entity is DatasetFacet f && f.DatasetId == dataset.Id
                         || e.Entity is DatasetGroup g && g.DatasetId == dataset.Id).ToList())
            {
                stale.State = EntityState.Detached;
            }
        }

        db.AddRange(groups.Select(g => new DatasetGroup { DatasetId = dataset.Id, GroupId = g.Id }));
        db.AddRange(DatasetDerivedData.Facets(dataset, organization!, groups));
        AddActivity(dataset, action, caller);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent writer took the name between our check and the commit.
            if (await NameTakenAsync(dataset, cancellationToken))
            {
                return StoreResult.Invalid(new Dictionary<string, string[]> { ["name"] = ["Diese URL (name) wird bereits verwendet."] });
            }

            throw;
        }

        await CatalogChangeStamp.MarkChangedAsync(db, dataset.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        dataset.Organization = organization;
        return StoreResult.Ok(dataset);
    }

    private async Task<bool> NameTakenAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await db.Set<Dataset>().AnyAsync(d => d.Name == dataset.Name && d.Id != dataset.Id, cancellationToken);
    }

    public async Task<Organization?> FindOrganizationAsync(string idOrName, CancellationToken cancellationToken) =>
        Guid.TryParse(idOrName, out var id)
            ? await db.Set<Organization>().FirstOrDefaultAsync(o => o.Id == id, cancellationToken)
            : await db.Set<Organization>().FirstOrDefaultAsync(o => o.Name == idOrName, cancellationToken);

    public async Task<CatalogGroup?> FindGroupAsync(string idOrName, CancellationToken cancellationToken) =>
        Guid.TryParse(idOrName, out var id)
            ? await db.Set<CatalogGroup>().FirstOrDefaultAsync(g => g.Id == id, cancellationToken)
            : await db.Set<CatalogGroup>().FirstOrDefaultAsync(g => g.Name == idOrName, cancellationToken);

    private void Apply(Dataset dataset, DatasetInput input, Organization organization, DateTimeOffset now)
    {
        dataset.Name = input.Name;
        dataset.Title = input.Title.Trim();
        dataset.Notes = Blank(input.Notes);
        dataset.OrganizationId = organization.Id;
        dataset.Tags = [.. input.Tags.Select(t => t.Trim()).Distinct(StringComparer.Ordinal)];
        dataset.Themes = [.. input.Themes.Select(t => DataThemes.Find(t)!.Code).Distinct(StringComparer.Ordinal)];
        dataset.LicenseId = Blank(input.LicenseId) is { } license ? Licenses.Find(license)!.Id : null;
        dataset.LicenseAttribution = Blank(input.LicenseAttribution);
        dataset.ContactName = Blank(input.ContactName);
        dataset.ContactEmail = Blank(input.ContactEmail);
        dataset.ContactUrl = Blank(input.ContactUrl);
        dataset.LandingPage = Blank(input.LandingPage);
        dataset.TemporalStart = input.TemporalStart;
        dataset.TemporalEnd = input.TemporalEnd;
        dataset.SpatialGeoJson = Blank(input.SpatialGeoJson);
        var bounds = dataset.SpatialGeoJson is null ? null : GeoJsonBounds.TryParse(dataset.SpatialGeoJson, out _);
        (dataset.MinLon, dataset.MinLat, dataset.MaxLon, dataset.MaxLat) = bounds is { } b
            ? (b.MinLon, b.MinLat, b.MaxLon, b.MaxLat)
            : ((double?)null, (double?)null, (double?)null, (double?)null);
        dataset.PoliticalGeocodingUri = Blank(input.PoliticalGeocodingUri)
            ?? $"http://dcat-ap.de/def/politicalGeocoding/regionalKey/{tenant.Required.Ars}";
        dataset.Frequency = Blank(input.Frequency) is { } frequency ? Frequencies.Find(frequency)!.Code : null;
        dataset.Issued = input.Issued ?? dataset.Issued;
        dataset.Modified = input.Modified ?? now;
        dataset.Access = input.Access;
        dataset.Extras = [.. input.Extras.Select(e => new DatasetExtra { Key = e.Key, Value = e.Value })];
        dataset.HarvestSourceId = input.HarvestSourceId;
        dataset.HarvestIdentifier = input.HarvestIdentifier;

        var existing = dataset.Resources.ToDictionary(r => r.Id);
        var resources = new List<Resource>();
        for (var i = 0; i < input.Resources.Count; i++)
        {
            var given = input.Resources[i];
            if (given.Id is not { } id || !existing.Remove(id, out var resource))
            {
                resource = new Resource { Id = given.Id ?? Guid.CreateVersion7(), DatasetId = dataset.Id, Created = now };
            }

            resource.Position = i;
            resource.Name = string.IsNullOrWhiteSpace(given.Name) ? $"Ressource {i + 1}" : given.Name.Trim();
            resource.Description = Blank(given.Description);
            resource.Url = given.Url;
            resource.Format = Blank(given.Format)?.ToUpperInvariant();
            resource.MediaType = Blank(given.MediaType);
            resource.Size = given.Size;
            resource.Checksum = Blank(given.Checksum)?.ToLowerInvariant();
            resource.StorageKey = given.StorageKey ?? resource.StorageKey;
            resource.Modified = now;
            resources.Add(resource);
        }

        foreach (var removed in existing.Values)
        {
            db.Remove(removed);
        }

        dataset.Resources.Clear();
        dataset.Resources.AddRange(resources);
    }

    private void AddActivity(Dataset dataset, string action, CatalogCaller caller) => db.Add(new DatasetActivity
    {
        Id = Guid.CreateVersion7(),
        DatasetId = dataset.Id,
        Version = dataset.Version,
        Action = action,
        Actor = caller.Actor,
        Timestamp = StoredTime.GetStoredNow(clock),
        Snapshot = JsonSerializer.Serialize(new
        {
            dataset.Name,
            dataset.Title,
            dataset.Notes,
            dataset.OrganizationId,
            dataset.Tags,
            dataset.Themes,
            dataset.LicenseId,
            dataset.LicenseAttribution,
            dataset.ContactName,
            dataset.ContactEmail,
            dataset.ContactUrl,
            dataset.LandingPage,
            dataset.TemporalStart,
            dataset.TemporalEnd,
            dataset.SpatialGeoJson,
            dataset.PoliticalGeocodingUri,
            dataset.Frequency,
            dataset.Issued,
            dataset.Modified,
            Access = dataset.Access.Key(),
            State = dataset.State.ToString().ToLowerInvariant(),
            Extras = dataset.Extras.Select(e => new { e.Key, e.Value }),
            Resources = dataset.Resources.Select(r => new { r.Id, r.Name, r.Description, r.Url, r.Format, r.MediaType, r.Size, r.Checksum }),
        }),
    });

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
