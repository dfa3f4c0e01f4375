using System.Text;
using Stadtkern.Features.Catalog.Search.Index;

namespace Stadtkern.Features.Reports.Routing.Classifier;

/// <summary>
/// Tokenisation of report texts for the router: words are runs of letters and digits, lower case; each word is stemmed
/// with the catalog's <see cref="GermanStemmer"/> (so <c>Laternen</c> and <c>Laterne</c> meet), numbers stay as they are.
/// Character n-grams are taken inside each unstemmed word with boundary marks (<c>&lt;lat</c>, <c>ern&gt;</c>), which
/// catches compounds (<c>Straßenlaterne</c> shares <c>later</c> with <c>Laterne</c>) and misspellings.
/// </summary>
internal static class RoutingText
{
    /// <summary>The lower-case words of <paramref name="text"/> in order.</summary>
    public static List<string> Words(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return words;
        }

        var word = new StringBuilder();
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        return words;
    }

    /// <summary>The stem of a lower-case word; words with digits are kept whole.</summary>
    public static string Stem(string word)
    {
        foreach (var c in word)
        {
            if (char.IsDigit(c))
            {
                return word;
            }
        }

        return GermanStemmer.Stem(word);
    }

    /// <summary>The character n-grams (<paramref name="min"/>..<paramref name="max"/>) of one word with boundary marks.</summary>
    public static IEnumerable<string> CharGrams(string word, int min, int max)
    {
        var marked = "<" + word + ">";
        for (var n = min; n <= max; n++)
        {
            for (var start = 0; start + n <= marked.Length; start++)
            {
                yield return marked.Substring(start, n);
            }
        }
    }
}
