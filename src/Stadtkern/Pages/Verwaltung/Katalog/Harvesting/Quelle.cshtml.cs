using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Features.Catalog.Harvest;
using Stadtkern.Platform.Accounts;

namespace Stadtkern.Pages.Verwaltung.Katalog.Harvesting;

/// <summary>Create or edit a harvest source.</summary>
internal sealed class QuelleModel(HarvestSources sources) : PageModel
{
    [BindProperty]
    public SourceForm Form { get; set; } = new();

    public Guid? Id { get; private set; }

    public Dictionary<string, string[]> Errors { get; private set; } = [];

    public bool IsOperator => User.IsPlatformAdmin();

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        Id = id;
        if (id is { } sourceId)
        {
            if (await sources.FindAsync(sourceId, cancellationToken) is not { } source)
            {
                return NotFound();
            }

            Form = new SourceForm
            {
                Name = source.Name,
                Kind = source.Kind.Key(),
                Url = source.Url,
                Organization = source.OrganizationName,
                IntervalMinutes = source.IntervalMinutes,
                Enabled = source.Enabled,
                AllowPrivateNetwork = source.AllowPrivateNetwork,
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        Id = id;
        var request = new HarvestSourceRequest(Form.Name, Form.Kind, Form.Url, Form.Organization, Form.IntervalMinutes, Form.Enabled,
            IsOperator ? Form.AllowPrivateNetwork : null);
        var (status, _, errors) = await sources.SaveAsync(id, request, IsOperator, cancellationToken);
        switch (status)
        {
            case SourceWriteStatus.Ok:
                return RedirectToPage("Index");
            case SourceWriteStatus.NotFound:
                return NotFound();
            case SourceWriteStatus.Forbidden:
                return Forbid();
            default:
                Errors = errors;
                Response.StatusCode = status == SourceWriteStatus.NameTaken ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
                return Page();
        }
    }

    internal sealed class SourceForm
    {
        public string? Name { get; set; }

        public string? Kind { get; set; } = "ckan";

        public string? Url { get; set; }

        public string? Organization { get; set; }

        public int? IntervalMinutes { get; set; }

        public bool Enabled { get; set; } = true;

        public bool AllowPrivateNetwork { get; set; }
    }
}
