using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Stadtkern.Features.Reports;
using Stadtkern.Features.Reports.Intake;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Features.Reports.Open311;
using Stadtkern.Features.Reports.Web;

namespace Stadtkern.Pages.Meldungen;

/// <summary>
/// The citizen form: a category or just a description, a point on the map / the device location / an address, up to three photos,
/// an optional e-mail address, and the chosen category's Open311 attributes (loaded with htmx when the category changes; without
/// JavaScript by the "Fragen zur Kategorie anzeigen" button, which posts the form back without storing it). Protected by antiforgery (Razor Pages default), a honeypot field and the per-IP rate limit.
/// </summary>
[EnableRateLimiting(ReportRateLimits.Submit)]
[RequestFormLimits(MultipartBodyLengthLimit = 64L * 1024 * 1024)]
internal sealed class NeuModel(PublicReports reports, SubmitReport submit) : ReportsPageModel
{
    public IReadOnlyList<ReportService> Services { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Kategorie { get; set; }

    [BindProperty]
    public string? Beschreibung { get; set; }

    [BindProperty]
    public string? Breite { get; set; }

    [BindProperty]
    public string? Laenge { get; set; }

    [BindProperty]
    public string? Adresse { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    /// <summary>Honeypot: hidden from people, filled by bots.</summary>
    [BindProperty]
    public string? Webseite { get; set; }

    [BindProperty]
    public List<IFormFile> Fotos { get; set; } = [];

    public Report? Created { get; private set; }

    public IReadOnlyList<string> PhotoNotices { get; private set; } = [];

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The chosen category (null when none or unknown).</summary>
    public ReportService? Service => Services.FirstOrDefault(s => string.Equals(s.Code, Kategorie?.Trim(), StringComparison.Ordinal));

    /// <summary>The questions of the chosen category, in their order.</summary>
    public IReadOnlyList<ServiceAttribute> Questions => Service is { } service ? AttributeAnswers.Questions(ServiceAttribute.Parse(service.Attributes)) : [];

    /// <summary>The attribute answers as posted (to show them again after an error).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Answers { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    public async Task OnGetAsync(CancellationToken cancellationToken) => Services = await reports.ServicesAsync(cancellationToken);

    /// <summary>htmx: the questions of the category chosen in the select (<c>?handler=Angaben&amp;Kategorie=code</c>).</summary>
    public async Task<IActionResult> OnGetAngabenAsync(CancellationToken cancellationToken)
    {
        Services = await reports.ServicesAsync(cancellationToken);
        return Partial("_Angaben", this);
    }

    /// <summary>Without JavaScript: shows the form again with the chosen category's questions; stores nothing.</summary>
    public async Task<IActionResult> OnPostAngabenAsync(CancellationToken cancellationToken)
    {
        Services = await reports.ServicesAsync(cancellationToken);
        Answers = PostRequest.Attributes(Request.Form);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Services = await reports.ServicesAsync(cancellationToken);
        Answers = PostRequest.Attributes(Request.Form);
        if (!string.IsNullOrEmpty(Webseite))
        {
            // A bot: answer like a success so it learns nothing, store nothing.
            return RedirectToPage("/Meldungen/Index");
        }

        if (Fotos.Count > 3)
        {
            Errors["fotos"] = "Bitte höchstens drei Fotos anhängen.";
            return Page();
        }

        var photos = new List<UploadedPhoto>();
        foreach (var file in Fotos)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            photos.Add(new UploadedPhoto(file.FileName, file.ContentType, buffer.ToArray()));
        }

        // The same field names, parsing and validation as Open311 POST; only local date-times get the city's offset first.
        var definition = Service is { } chosen ? ServiceAttribute.Parse(chosen.Attributes) : [];
        var outcome = await submit.SubmitAsync(new NewReport
        {
            ServiceCode = string.IsNullOrWhiteSpace(Kategorie) ? null : Kategorie,
            Description = Beschreibung,
            Lat = Number(Breite),
            Lon = Number(Laenge),
            Address = Adresse,
            Email = Email,
            Attributes = AttributeAnswers.FromForm(definition, Answers),
            Photos = photos,
            Source = ReportSources.Web,
        }, cancellationToken);
        if (outcome.Report is null)
        {
            foreach (var error in outcome.Errors)
            {
                if (definition.FirstOrDefault(a => error.Field == $"attribute[{a.Code}]") is { } attribute)
                {
                    var answered = Answers.TryGetValue(attribute.Code, out var given) && given.Any(v => !string.IsNullOrWhiteSpace(v));
                    Errors[AttributeAnswers.FieldId(attribute.Code)] = AttributeAnswers.Message(attribute, answered);
                    continue;
                }

                Errors[Field(error.Field)] = German(error.Field);
            }

            return Page();
        }

        Created = outcome.Report;
        PhotoNotices = outcome.RejectedPhotos;
        return Page();
    }

    /// <summary>The posted answers to one attribute (empty when none).</summary>
    public IReadOnlyList<string> Answer(string code) => Answers.TryGetValue(code, out var values) ? values : [];

    private static double? Number(string? raw) =>
        double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Field(string field) => field switch
    {
        "lat" or "long" => "ort",
        "description" => "beschreibung",
        "service_code" => "kategorie",
        "email" => "email",
        _ => "formular",
    };

    private static string German(string field) => field switch
    {
        "lat" or "long" => "Bitte setzen Sie einen Punkt auf der Karte, nutzen Sie Ihren Standort oder geben Sie eine Adresse an.",
        "description" => "Bitte beschreiben Sie das Problem (höchstens 4000 Zeichen).",
        "service_code" => "Diese Kategorie gibt es nicht. Bitte wählen Sie eine aus der Liste.",
        "email" => "Bitte geben Sie eine gültige E-Mail-Adresse an oder lassen Sie das Feld leer.",
        _ => "Die Meldung konnte nicht gespeichert werden. Bitte prüfen Sie Ihre Angaben.",
    };
}
