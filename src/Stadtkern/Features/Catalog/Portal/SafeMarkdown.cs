using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Html;

namespace Stadtkern.Features.Catalog.Portal;

/// <summary>
/// Renders the Markdown subset that dataset descriptions need (paragraphs, headings, lists, emphasis, inline
/// and fenced code, links) to HTML. Safe by construction: every character of the input is HTML-encoded and
/// only the tags written here are produced, so raw HTML in the input stays visible text; links are emitted
/// only for absolute http(s) addresses. Pure.
/// </summary>
internal static class SafeMarkdown
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static IHtmlContent ToHtml(string? markdown) => new HtmlString(Render(markdown));

    public static string Render(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var html = new StringBuilder();
        var paragraph = new List<string>();
        string? listTag = null;

        void FlushParagraph()
        {
            if (paragraph.Count > 0)
            {
                html.Append("<p>").Append(Inline(string.Join(' ', paragraph))).Append("</p>\n");
                paragraph.Clear();
            }
        }

        void CloseList()
        {
            if (listTag is not null)
            {
                html.Append("</").Append(listTag).Append(">\n");
                listTag = null;
            }
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                FlushParagraph();
                CloseList();
                var code = new List<string>();
                for (i++; i < lines.Length && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal); i++)
                {
                    code.Add(lines[i]);
                }

                html.Append("<pre><code>").Append(Encoder.Encode(string.Join('\n', code))).Append("</code></pre>\n");
                continue;
            }

            if (trimmed.Length == 0)
            {
                FlushParagraph();
                CloseList();
                continue;
            }

            if (Heading(trimmed) is (int level, string text))
            {
                FlushParagraph();
                CloseList();
                // Descriptions sit below the page's h1 and a section h2: their headings start at h3.
                var tag = "h" + Math.Min(level + 2, 6).ToString(System.Globalization.CultureInfo.InvariantCulture);
                html.Append('<').Append(tag).Append('>').Append(Inline(text)).Append("</").Append(tag).Append(">\n");
                continue;
            }

            if (ListItem(trimmed) is (string kind, string item))
            {
                FlushParagraph();
                if (listTag != kind)
                {
                    CloseList();
                    html.Append('<').Append(kind).Append(">\n");
                    listTag = kind;
                }

                html.Append("<li>").Append(Inline(item)).Append("</li>\n");
                continue;
            }

            if (listTag is not null && line.StartsWith("  ", StringComparison.Ordinal))
            {
                // A continuation line of the last list item.
                var end = html.Length - "</li>\n".Length;
                html.Insert(end, " " + Inline(trimmed));
                continue;
            }

            CloseList();
            paragraph.Add(trimmed);
        }

        FlushParagraph();
        CloseList();
        return html.ToString().TrimEnd('\n');
    }

    /// <summary>The text without Markdown syntax, shortened at a word boundary to at most <paramref name="maxLength"/> characters.</summary>
    public static string ToPlainText(string? markdown, int maxLength = int.MaxValue)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            if (Heading(line) is (_, string heading))
            {
                line = heading;
            }
            else if (ListItem(line) is (_, string item))
            {
                line = item;
            }

            text.Append(StripInline(line)).Append(' ');
        }

        var plain = string.Join(' ', text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (plain.Length <= maxLength)
        {
            return plain;
        }

        var cut = plain.LastIndexOf(' ', Math.Max(0, maxLength - 1));
        return plain[..(cut > maxLength / 2 ? cut : maxLength - 1)].TrimEnd(',', ';', ':', '.') + "…";
    }

    private static (int Level, string Text)? Heading(string line)
    {
        var level = 0;
        while (level < line.Length && line[level] == '#')
        {
            level++;
        }

        return level is >= 1 and <= 6 && line.Length > level && line[level] == ' ' ? (level, line[(level + 1)..].Trim().TrimEnd('#').Trim()) : null;
    }

    private static (string Kind, string Text)? ListItem(string line)
    {
        if (line.Length > 2 && line[0] is '-' or '*' or '+' && line[1] == ' ')
        {
            return ("ul", line[2..].Trim());
        }

        var digits = 0;
        while (digits < line.Length && digits < 9 && char.IsAsciiDigit(line[digits]))
        {
            digits++;
        }

        return digits > 0 && line.Length > digits + 2 && line[digits] is '.' or ')' && line[digits + 1] == ' '
            ? ("ol", line[(digits + 2)..].Trim())
            : null;
    }

    /// <summary>Inline syntax: <c>`code`</c>, <c>**strong**</c>, <c>*em*</c>/<c>_em_</c>, <c>[text](http…)</c>, backslash escapes.</summary>
    internal static string Inline(string text)
    {
        var html = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && char.IsAsciiLetterOrDigit(text[i + 1]) is false && !char.IsWhiteSpace(text[i + 1]))
            {
                html.Append(Encoder.Encode(text[i + 1].ToString()));
                i += 2;
                continue;
            }

            if (c == '`' && text.IndexOf('`', i + 1) is var close and > 0)
            {
                html.Append("<code>").Append(Encoder.Encode(text[(i + 1)..close])).Append("</code>");
                i = close + 1;
                continue;
            }

            if (c == '[' && Link(text, i) is (string label, string url, int next))
            {
                if (IsSafeUrl(url))
                {
                    html.Append("<a href=\"").Append(Encoder.Encode(url)).Append("\" rel=\"nofollow noopener\">").Append(Inline(label)).Append("</a>");
                }
                else
                {
                    // Not an http(s) address (javascript:, data:, relative): show the text, drop the link.
                    html.Append(Inline(label));
                }

                i = next;
                continue;
            }

            if ((c == '*' || c == '_') && i + 1 < text.Length && text[i + 1] == c && Closing(text, i + 2, new string(c, 2)) is var strongEnd and > 0)
            {
                html.Append("<strong>").Append(Inline(text[(i + 2)..strongEnd])).Append("</strong>");
                i = strongEnd + 2;
                continue;
            }

            if ((c == '*' || (c == '_' && (i == 0 || !char.IsLetterOrDigit(text[i - 1]))))
                && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]) && text[i + 1] != c
                && Closing(text, i + 1, c.ToString()) is var emEnd and > 0
                && (c == '*' || emEnd + 1 >= text.Length || !char.IsLetterOrDigit(text[emEnd + 1])))
            {
                html.Append("<em>").Append(Inline(text[(i + 1)..emEnd])).Append("</em>");
                i = emEnd + 1;
                continue;
            }

            html.Append(Encoder.Encode(c.ToString()));
            i++;
        }

        return html.ToString();
    }

    public static bool IsSafeUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && url.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase);

    private static int Closing(string text, int from, string marker)
    {
        var at = text.IndexOf(marker, from, StringComparison.Ordinal);
        return at > from && !char.IsWhiteSpace(text[at - 1]) ? at : -1;
    }

    private static (string Label, string Url, int Next)? Link(string text, int start)
    {
        var depth = 0;
        for (var j = start; j < text.Length; j++)
        {
            if (text[j] == '[')
            {
                depth++;
            }
            else if (text[j] == ']' && --depth == 0)
            {
                if (j + 1 < text.Length && text[j + 1] == '(' && text.IndexOf(')', j + 2) is var end and > 0)
                {
                    return (text[(start + 1)..j], text[(j + 2)..end].Trim(), end + 1);
                }

                return null;
            }
        }

        return null;
    }

    private static string StripInline(string line)
    {
        var text = new StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '[' && Link(line, i) is (string label, _, int next))
            {
                text.Append(StripInline(label));
                i = next - 1;
            }
            else if (line[i] is not ('*' or '`' or '\\') && !(line[i] == '_' && (i == 0 || i == line.Length - 1 || !char.IsLetterOrDigit(line[i - 1]) || !char.IsLetterOrDigit(line[i + 1]))))
            {
                text.Append(line[i]);
            }
        }

        return text.ToString();
    }
}
