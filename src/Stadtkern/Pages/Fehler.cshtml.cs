using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Stadtkern.Pages;

/// <summary>German error pages for browsers (API clients get problem details instead).</summary>
[IgnoreAntiforgeryToken]
internal sealed class FehlerModel : PageModel
{
    public string Title { get; private set; } = "";

    public string Text { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        (Title, Text) = code switch
        {
            404 => ("Seite nicht gefunden", "Die aufgerufene Seite gibt es nicht (mehr). Vielleicht hilft die Startseite weiter."),
            403 => ("Kein Zugriff", "Für diese Seite fehlen Ihnen die nötigen Rechte."),
            401 => ("Anmeldung erforderlich", "Bitte melden Sie sich an, um diese Seite zu sehen."),
            400 => ("Ungültige Anfrage", "Die Anfrage konnte nicht verarbeitet werden."),
            _ => ("Ein Fehler ist aufgetreten", "Bitte versuchen Sie es später noch einmal."),
        };
        Response.StatusCode = code is >= 400 and < 600 ? code : 500;
    }
}
