namespace Stadtkern.Features.Catalog.Ckan;

/// <summary>A licence of the DCAT-AP.de licence vocabulary (<c>http://dcat-ap.de/def/licenses/{Id}</c>).</summary>
internal sealed record CkanLicense(string Id, string Title, string? Url, bool Open);

/// <summary>
/// The DCAT-AP.de licence list (vocabulary version 20200715, as in shared/standards) for <c>license_list</c>
/// and <c>license_title</c>. Kept here until the catalog has one shared vocabulary module.
/// </summary>
internal static class CkanLicenses
{
    public const string UriPrefix = "http://dcat-ap.de/def/licenses/";

    public static IReadOnlyList<CkanLicense> All { get; } =
    [
        new("dl-by-de/2.0", "Datenlizenz Deutschland Namensnennung 2.0", "https://www.govdata.de/dl-de/by-2-0", true),
        new("dl-zero-de/2.0", "Datenlizenz Deutschland – Zero – Version 2.0", "https://www.govdata.de/dl-de/zero-2-0", true),
        new("dl-by-de/1.0", "Datenlizenz Deutschland Namensnennung 1.0", "https://www.govdata.de/dl-de/by-1-0", true),
        new("dl-by-nc-de/1.0", "Datenlizenz Deutschland Namensnennung nicht-kommerziell 1.0", "https://www.govdata.de/dl-de/by-nc-1-0", false),
        new("cc-by/4.0", "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)", "http://creativecommons.org/licenses/by/4.0/", true),
        new("cc-by-sa/4.0", "Creative Commons Namensnennung - Weitergabe unter gleichen Bedingungen 4.0 International (CC-BY-SA 4.0)", "http://creativecommons.org/licenses/by-sa/4.0/", true),
        new("cc-by-nd/4.0", "Creative Commons Namensnennung - Keine Bearbeitung 4.0 International (CC BY-ND 4.0)", "https://creativecommons.org/licenses/by-nd/4.0/", false),
        new("cc-by-nc/4.0", "Creative Commons Namensnennung - Nicht kommerziell 4.0 International (CC BY-NC 4.0)", "http://creativecommons.org/licenses/by-nc/4.0/", false),
        new("cc-zero", "Creative Commons CC Zero License (cc-zero)", "http://www.opendefinition.org/licenses/cc-zero", true),
        new("ccpdm/1.0", "Public Domain Mark 1.0 (PDM)", "http://creativecommons.org/publicdomain/mark/1.0/", true),
        new("cc-by", "Creative Commons Namensnennung (CC-BY)", "http://www.opendefinition.org/licenses/cc-by", true),
        new("cc-by-de/3.0", "Creative Commons Namensnennung 3.0 Deutschland (CC BY 3.0 DE)", "https://creativecommons.org/licenses/by/3.0/de/", true),
        new("cc-by-sa", "Creative Commons Namensnennung - Weitergabe unter gleichen Bedingungen (CC-BY-SA)", "http://www.opendefinition.org/licenses/cc-by-sa", true),
        new("cc-by-sa-de/3.0", "Creative Commons Namensnennung - Weitergabe unter gleichen Bedingungen 3.0 Deutschland (CC BY-SA 3.0 DE)", "https://creativecommons.org/licenses/by-sa/3.0/de/", true),
        new("cc-by-nc", "Creative Commons Namensnennung - Nicht kommerziell (CC BY-NC)", "http://creativecommons.org/licenses/by-nc/", false),
        new("cc-by-nc-de/3.0", "Creative Commons Namensnennung-Nicht kommerziell 3.0 Deutschland (CC BY-NC 3.0 DE)", "https://creativecommons.org/licenses/by-nc/3.0/de/", false),
        new("cc-by-nd", "Creative Commons Namensnennung - Keine Bearbeitung (CC BY-ND)", "http://creativecommons.org/licenses/by-nd/3.0/", false),
        new("cc-by-nd/3.0", "Creative Commons Namensnennung -- Keine Bearbeitung 3.0 Unported (CC BY-ND 3.0)", "http://creativecommons.org/licenses/by-nd/3.0/", false),
        new("odbl", "Open Data Commons Open Database License (ODbL)", "http://www.opendefinition.org/licenses/odc-odbl", true),
        new("odby", "Open Data Commons Attribution License (ODC-BY 1.0)", "http://www.opendefinition.org/licenses/odc-by", true),
        new("odcpddl", "Open Data Commons Public Domain Dedication and Licence (ODC PDDL)", "http://www.opendefinition.org/licenses/odc-pddl", true),
        new("officialWork", "Amtliches Werk, lizenzfrei nach §5 Abs. 1 UrhG", "http://www.gesetze-im-internet.de/urhg/__5.html", true),
        new("geonutz/20130319", "Nutzungsbestimmungen für die Bereitstellung von Geodaten des Bundes", "https://sg.geodatenzentrum.de/web_public/gdz/lizenz/geonutzv.pdf", false),
        new("geoNutz/20131001", "Nutzungsbestimmungen für die Bereitstellung von Geodaten des Landes Berlin", "http://www.stadtentwicklung.berlin.de/geoinformation/download/nutzIII.pdf", false),
        new("apache", "Freie Softwarelizenz der Apache Software Foundation", "http://www.apache.org/licenses", true),
        new("bsd", "BSD Lizenz", "http://www.opensource.org/licenses/bsd-license.php", true),
        new("gpl/3.0", "GNU General Public License version 3.0 (GPLv3)", "http://www.opensource.org/licenses/gpl-3.0.html", true),
        new("mozilla", "Mozilla Public License 2.0 (MPL)", "http://www.mozilla.org/MPL", true),
        new("gfdl", "GNU Free Documentation License (GFDL)", "http://www.opendefinition.org/licenses/gfdl", true),
        new("other-open", "Andere offene Lizenz", null, true),
        new("other-opensource", "Andere Open Source Lizenz", null, true),
        new("other-freeware", "Andere Freeware Lizenz", null, false),
        new("other-commercial", "Andere kommerzielle Lizenz", null, false),
        new("other-closed", "Andere geschlossene Lizenz", null, false),
    ];

    private static readonly Dictionary<string, CkanLicense> ById = All.ToDictionary(l => l.Id, StringComparer.OrdinalIgnoreCase);

    /// <summary>A licence by id or by its DCAT-AP.de URI.</summary>
    public static CkanLicense? Find(string? idOrUri)
    {
        if (string.IsNullOrWhiteSpace(idOrUri))
        {
            return null;
        }

        var id = idOrUri.StartsWith(UriPrefix, StringComparison.OrdinalIgnoreCase) ? idOrUri[UriPrefix.Length..] : idOrUri;
        return ById.GetValueOrDefault(id);
    }
}
