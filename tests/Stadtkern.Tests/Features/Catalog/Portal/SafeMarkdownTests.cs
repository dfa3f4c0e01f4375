using Stadtkern.Features.Catalog.Portal;

namespace Stadtkern.Tests.Features.Catalog.Portal;

public sealed class SafeMarkdownTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Text <script src=\"https://böse.example/x.js\"></script> mehr")]
    [InlineData("# <script>alert(1)</script>")]
    [InlineData("- <script>alert(1)</script>")]
    [InlineData("**<script>alert(1)</script>**")]
    [InlineData("[<script>alert(1)</script>](https://example.org)")]
    [InlineData("`<script>alert(1)</script>`")]
    [InlineData("```\n<script>alert(1)</script>\n```")]
    [InlineData("<SCRIPT>alert(1)</SCRIPT>")]
    public void Script_tags_never_pass_they_become_visible_text(string markdown)
    {
        var html = SafeMarkdown.Render(markdown);

        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldContain("&lt;script", Case.Insensitive);
    }

    [Theory]
    [InlineData("[klick](javascript:alert(1))")]
    [InlineData("[klick](JAVASCRIPT:alert(1))")]
    [InlineData("[klick]( javascript:alert(1))")]
    [InlineData("[klick](java\tscript:alert(1))")]
    [InlineData("[klick](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[klick](vbscript:msgbox)")]
    [InlineData("[klick](//böse.example/x)")]
    [InlineData("[klick](/relativ)")]
    public void Links_other_than_absolute_http_or_https_lose_their_link_and_keep_their_text(string markdown)
    {
        var html = SafeMarkdown.Render(markdown);

        html.ShouldNotContain("<a", Case.Insensitive);
        html.ShouldNotContain("href", Case.Insensitive);
        html.ShouldContain("klick");
    }

    [Theory]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<iframe src=\"https://example.org\"></iframe>")]
    [InlineData("<div onmouseover=\"alert(1)\">x</div>")]
    public void Raw_html_is_encoded_not_interpreted(string markdown)
    {
        var html = SafeMarkdown.Render(markdown);

        html.ShouldNotContain("<img", Case.Insensitive);
        html.ShouldNotContain("<iframe", Case.Insensitive);
        html.ShouldNotContain("<div", Case.Insensitive);
        html.ShouldNotContain("<a ", Case.Insensitive);
        html.ShouldStartWith("<p>&lt;");
    }

    [Fact]
    public void A_quote_in_a_link_address_cannot_break_out_of_the_attribute()
    {
        var html = SafeMarkdown.Render("[x](https://example.org/\"onmouseover=\"alert(1))");

        html.ShouldNotContain("\"onmouseover");
        html.ShouldNotContain("onmouseover=\"");
    }

    [Fact]
    public void The_supported_subset_renders_to_the_expected_tags()
    {
        var html = SafeMarkdown.Render("""
            # Überschrift

            Ein Absatz mit **fett**, *kursiv*, `code` und einem [Link](https://musterstadt.example/a?b=1&c=2).
            Noch eine Zeile im selben Absatz.

            - erster Punkt
            - zweiter Punkt

            1. eins
            2. zwei

            ```
            SELECT * FROM t WHERE a < 3
            ```
            """);

        html.ShouldBe("""
            <h3>Überschrift</h3>
            <p>Ein Absatz mit <strong>fett</strong>, <em>kursiv</em>, <code>code</code> und einem <a href="https://musterstadt.example/a?b=1&amp;c=2" rel="nofollow noopener">Link</a>. Noch eine Zeile im selben Absatz.</p>
            <ul>
            <li>erster Punkt</li>
            <li>zweiter Punkt</li>
            </ul>
            <ol>
            <li>eins</li>
            <li>zwei</li>
            </ol>
            <pre><code>SELECT * FROM t WHERE a &lt; 3</code></pre>
            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Underscores_inside_words_stay_underscores()
    {
        SafeMarkdown.Render("Spalte reported_at und snake_case_name").ShouldBe("<p>Spalte reported_at und snake_case_name</p>");
    }

    [Fact]
    public void Plain_text_excerpt_drops_the_syntax_and_cuts_at_a_word()
    {
        var text = SafeMarkdown.ToPlainText("## Titel\n\nDie **Daten** stehen [hier](https://example.org) bereit, `täglich` aktualisiert und sehr ausführlich beschrieben.", 50);

        text.ShouldBe("Titel Die Daten stehen hier bereit, täglich…");
        text.Length.ShouldBeLessThanOrEqualTo(50);
    }
}
