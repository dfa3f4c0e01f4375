using System.Collections.Frozen;
using System.Text;

namespace Stadtkern.Features.Catalog.Search.Index;

/// <summary>
/// Turns text into search terms: runs of letters and digits, lower case, German stop words dropped, each word stemmed
/// (<see cref="GermanStemmer"/>). Datasets and queries go through the same function, so they meet on the same terms.
/// </summary>
internal static class SearchTerms
{
    /// <summary>Words too common to search for (articles, conjunctions, prepositions, pronouns).</summary>
    private static readonly FrozenSet<string> StopWords = new[]
    {
        "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bis", "das", "dass", "dem", "den", "der", "des", "die", "dies",
        "diese", "dieser", "dieses", "doch", "du", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "er", "es", "für",
        "hat", "ich", "ihr", "im", "in", "ins", "ist", "mit", "nach", "nicht", "noch", "nur", "ob", "oder", "ohne", "sie", "sind",
        "so", "über", "um", "und", "unter", "vom", "von", "vor", "war", "was", "wie", "wir", "wird", "zu", "zum", "zur",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The stemmed terms of <paramref name="text"/> in order, with repeats.</summary>
    public static List<string> Of(string? text, int limit = int.MaxValue)
    {
        var terms = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return terms;
        }

        var word = new StringBuilder();
        for (var i = 0; i <= text.Length && terms.Count < limit; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }

            if (word.Length > 0)
            {
                var w = word.ToString();
                word.Clear();
                if (!StopWords.Contains(w))
                {
                    terms.Add(w.Any(char.IsDigit) ? w : GermanStemmer.Stem(w));
                }
            }
        }

        return terms;
    }
}
