using System.Text;

namespace Stadtkern.Features.Catalog.Search.Index;

/// <summary>
/// The German stemming algorithm of the Snowball project (the one PostgreSQL's <c>german</c> configuration uses), written
/// here from its published description: suffixes are removed in three steps within the regions R1 and R2, then umlauts
/// are folded (<c>Zählstellen</c> → <c>zahlstell</c>). Input must be lower case.
/// </summary>
internal static class GermanStemmer
{
    private static readonly string[] Step1 = ["ern", "em", "er", "en", "es", "e", "s"];
    private static readonly string[] Step2 = ["est", "en", "er", "st"];
    private static readonly string[] Step3 = ["heit", "keit", "lich", "isch", "end", "ung", "ig", "ik"];

    public static string Stem(string word)
    {
        if (word.Length < 3)
        {
            return Fold(word);
        }

        var w = new StringBuilder(word.Replace("ß", "ss", StringComparison.Ordinal));
        for (var i = 1; i < w.Length - 1; i++)
        {
            // u and y between vowels are consonants: marked upper case until the end.
            if ((w[i] == 'u' || w[i] == 'y') && IsVowel(w[i - 1]) && IsVowel(w[i + 1]))
            {
                w[i] = char.ToUpperInvariant(w[i]);
            }
        }

        var r1 = Math.Max(RegionAfter(w, 0), 3);
        var r2 = RegionAfter(w, RegionAfter(w, 0));

        // Step 1
        var suffix = Longest(w, Step1);
        if (suffix is not null && w.Length - suffix.Length >= r1 && (suffix != "s" || IsSEnding(w, w.Length - 2)))
        {
            w.Length -= suffix.Length;
            if (suffix is "e" or "en" or "es" && EndsWith(w, "niss"))
            {
                w.Length--;
            }
        }

        // Step 2
        suffix = Longest(w, Step2);
        if (suffix is not null && w.Length - suffix.Length >= r1
            && (suffix != "st" || (IsStEnding(w, w.Length - 3) && w.Length - 3 >= 3)))
        {
            w.Length -= suffix.Length;
        }

        // Step 3: derivational suffixes
        suffix = Longest(w, Step3);
        if (suffix is not null && w.Length - suffix.Length >= r2)
        {
            var start = w.Length - suffix.Length;
            switch (suffix)
            {
                case "end" or "ung":
                    w.Length = start;
                    if (EndsWith(w, "ig") && w.Length - 2 >= r2 && !(w.Length >= 3 && w[w.Length - 3] == 'e'))
                    {
                        w.Length -= 2;
                    }

                    break;
                case "ig" or "ik" or "isch":
                    if (!(start > 0 && w[start - 1] == 'e'))
                    {
                        w.Length = start;
                    }

                    break;
                case "lich" or "heit":
                    w.Length = start;
                    if ((EndsWith(w, "er") || EndsWith(w, "en")) && w.Length - 2 >= r1)
                    {
                        w.Length -= 2;
                    }

                    break;
                case "keit":
                    w.Length = start;
                    if (EndsWith(w, "lich") && w.Length - 4 >= r2)
                    {
                        w.Length -= 4;
                    }
                    else if (EndsWith(w, "ig") && w.Length - 2 >= r2)
                    {
                        w.Length -= 2;
                    }

                    break;
            }
        }

        return Fold(w.ToString().ToLowerInvariant());
    }

    private static string Fold(string word) =>
        word.Replace('ä', 'a').Replace('ö', 'o').Replace('ü', 'u');

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y' or 'ä' or 'ö' or 'ü';

    private static bool IsSEnding(StringBuilder w, int i) => i >= 0 && w[i] is 'b' or 'd' or 'f' or 'g' or 'h' or 'k' or 'l' or 'm' or 'n' or 'r' or 't';

    private static bool IsStEnding(StringBuilder w, int i) => i >= 0 && w[i] is 'b' or 'd' or 'f' or 'g' or 'h' or 'k' or 'l' or 'm' or 'n' or 't';

    /// <summary>The start of the region after the first non-vowel that follows a vowel, searching from <paramref name="from"/>.</summary>
    private static int RegionAfter(StringBuilder w, int from)
    {
        for (var i = from + 1; i < w.Length; i++)
        {
            if (!IsVowel(w[i]) && IsVowel(w[i - 1]))
            {
                return i + 1;
            }
        }

        return w.Length;
    }

    private static string? Longest(StringBuilder w, string[] suffixes)
    {
        string? best = null;
        foreach (var s in suffixes)
        {
            if (EndsWith(w, s) && (best is null || s.Length > best.Length))
            {
                best = s;
            }
        }

        return best;
    }

    private static bool EndsWith(StringBuilder w, string s)
    {
        if (w.Length < s.Length)
        {
            return false;
        }

        for (var i = 0; i < s.Length; i++)
        {
            if (w[w.Length - s.Length + i] != s[i])
            {
                return false;
            }
        }

        return true;
    }
}
