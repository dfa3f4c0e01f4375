using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Portal;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Pages.Daten;

/// <summary>
/// The stewards' editor behind <c>/daten/neu</c> and <c>/daten/{name}/bearbeiten</c>: the store validates, the page
/// shows its messages per field; a public dataset is only published when the DCAT-AP.de checklist is complete
/// (and its score reaches the catalog's minimum quality, when one is set).
/// </summary>
internal abstract partial class EditorModel(DatasetStore store, OrganizationStore organizations, StadtkernDb db) : CatalogPageModel
{
    [BindProperty]
    public DatasetForm Form { get; set; } = new();

    public Dataset? Existing { get; protected set; }

    public IReadOnlyList<Organization> Organizations { get; private set; } = [];

    public IReadOnlyList<CatalogGroup> Groups { get; private set; } = [];

    /// <summary>Messages by form field id (<c>title</c>, <c>resources-0-url</c>, ...).</summary>
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ReadinessItem> Readiness { get; private set; } = [];

    public QualityReport? Quality { get; private set; }

    /// <summary>True after "Prüfen" without errors.</summary>
    public bool CheckedOk { get; private set; }

    protected DatasetStore Store => store;

    protected async Task PrepareAsync(CancellationToken cancellationToken)
    {
        Organizations = await organizations.ListAsync(cancellationToken);
        Groups = await organizations.ListGroupsAsync(cancellationToken);
        var (input, _, _) = Form.ToInput(Existing);
        Readiness = CheckPublishReadiness.Of(input);
        Quality = DatasetForm.PreviewQuality(input, Existing);
        if (!Form.Resources.Any(r => r.IsEmpty))
        {
            Form.Resources.Add(new ResourceForm());
        }
    }

    protected async Task<IActionResult> SubmitAsync(bool save, CancellationToken cancellationToken)
    {
        var (input, formErrors, rows) = Form.ToInput(Existing);
        var errors = ValidateDataset.Check(input);
        foreach (var (key, messages) in formErrors)
        {
            errors[key] = messages;
        }

        if (input.Access == AccessLevel.Public)
        {
            foreach (var gap in CheckPublishReadiness.Of(input).Where(i => !i.Met))
            {
                var key = gap.Field.StartsWith("resources", StringComparison.Ordinal) ? "resources" : gap.Field;
                if (!errors.ContainsKey(gap.Field))
                {
                    errors[key] = [.. errors.GetValueOrDefault(key) ?? [], $"Für die Veröffentlichung fehlt: {gap.Label}. {gap.Hint}"];
                }
            }

            var minimum = await db.Set<CatalogSettings>().AsNoTracking().Select(s => s.MinimumQuality).FirstOrDefaultAsync(cancellationToken);
            var score = DatasetForm.PreviewQuality(input, Existing).Score;
            if (minimum > 0 && score < minimum)
            {
                errors["quality"] = [$"Die Metadatenqualität ({score} von 100) liegt unter dem Mindestwert dieses Katalogs ({minimum}). Ergänzen Sie die Angaben oder veröffentlichen Sie den Datensatz zunächst intern."];
            }
        }

        if (errors.Count == 0 && save)
        {
            var result = Existing is null
                ? await store.CreateAsync(input, Caller, cancellationToken)
                : await store.UpdateAsync(Existing.Id.ToString(), input, Caller, cancellationToken);
            if (result.Succeeded)
            {
                return Redirect(Url.Content($"~/daten/{result.Dataset!.Name}?gespeichert=true"));
            }

            if (result.NotFound)
            {
                return NotFound();
            }

            errors = result.Errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        }

        foreach (var (key, messages) in errors)
        {
            Errors.TryAdd(FieldId(key, rows), []);
            Errors[FieldId(key, rows)].AddRange(messages);
        }

        CheckedOk = !save && errors.Count == 0;
        if (errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        await PrepareAsync(cancellationToken);
        return Page();
    }

    /// <summary>The store's field name as the id of the form control: <c>resources[2].url</c> → <c>resources-4-url</c> (its form row).</summary>
    internal static string FieldId(string key, IReadOnlyList<int> rows)
    {
        var match = ResourceKey().Match(key);
        if (match.Success)
        {
            var index = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var row = index < rows.Count ? rows[index] : index;
            return $"resources-{row.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{match.Groups[2].Value}";
        }

        return key.Replace('.', '-').Replace('[', '-').Replace("]", "", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^resources\[(\d+)\]\.(\w+)$")]
    private static partial Regex ResourceKey();
}
