using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Platform.Accounts;

namespace Stadtkern.Pages;

/// <summary>Login with e-mail and password; five failures lock the account for 15 minutes.</summary>
internal sealed class AnmeldenModel(SignInManager<User> signIn) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public bool RememberMe { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            Error = "Bitte E-Mail-Adresse und Passwort eingeben.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var user = await signIn.UserManager.FindByEmailAsync(Email.Trim());
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, Password, RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : Url.Content("~/"));
        }

        Error = result.IsLockedOut
            ? "Zu viele Fehlversuche. Das Konto ist vorübergehend gesperrt; bitte versuchen Sie es in 15 Minuten erneut."
            : "E-Mail-Adresse oder Passwort ist falsch.";
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
