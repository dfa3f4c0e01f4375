using System.Security.Cryptography;
using Stadtkern.Platform.Accounts;

namespace Stadtkern.Features.Alerts.Displays;

/// <summary>
/// The two secrets of a display. The display token carries 256 random bits (hashed like API tokens). The registration code is
/// short enough to type on a kiosk's keyboard (8 characters from an alphabet without look-alikes, about 40 bits), single-use and
/// expiring, which is enough against guessing over HTTP.
/// </summary>
internal static class DisplaySecrets
{
    public const string TokenPrefix = "dsp_";

    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string NewToken() =>
        TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Like <c>K7QM-4XPA</c>.</summary>
    public static string NewRegistrationCode()
    {
        var chars = new char[9];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = i == 4 ? '-' : CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)];
        }

        return new string(chars);
    }

    public static string Hash(string secret) => ApiToken.Hash(secret);

    /// <summary>Codes are compared without case, spaces or dashes, as people type them.</summary>
    public static string HashCode(string code) =>
        Hash(new string(code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray()));
}
