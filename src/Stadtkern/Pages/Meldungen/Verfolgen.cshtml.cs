using Microsoft.AspNetCore.Mvc;
using Stadtkern.Features.Reports.Web;

namespace Stadtkern.Pages.Meldungen;

/// <summary>The tracking page of one report, reached by its secret token: status, public notes and the public history.</summary>
internal sealed class VerfolgenModel(PublicReports reports) : ReportsPageModel
{
    public PublicReport Report { get; private set; } = null!;

    public IReadOnlyList<PublicEvent> Events { get; private set; } = [];

    public string Token { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        if (await reports.TrackAsync(token, cancellationToken) is not { } found)
        {
            return NotFound();
        }

        (Report, Events, Token) = (found.Report, found.Events, token);
        Response.Headers["Referrer-Policy"] = "no-referrer"; // the token is in the URL
        return Page();
    }
}
