namespace Stadtkern.Features.Catalog.Vocabularies;

/// <summary>A licence of the DCAT-AP.de licence list (http://dcat-ap.de/def/licenses).</summary>
/// <para><c>Id</c>: The list's identifier, e.g. <c>dl-by-de/2.0</c>; also the CKAN licence id.</para>
/// <para><c>Title</c>: German title as published in the list.</para>
/// <para><c>Url</c>: Where the licence text is published.</para>
/// <para><c>IsOpen</c>: GovData's open-licence flag (govdata:isOpenLicense).</para>
/// <para><c>RequiresAttribution</c>: "Namensnennung" (by): DCAT-AP.de then wants dcatde:licenseAttributionByText on the distribution.</para>
internal sealed record License(string Id, string Title, string Url, bool IsOpen, bool RequiresAttribution)
{
    public const string Namespace = "http://dcat-ap.de/def/licenses/";

    /// <summary>The concept IRI used in dct:license.</summary>
    public string Uri => Namespace + Id;

    /// <summary>The shape CKAN's <c>license_list</c> returns for one licence.</summary>
    public CkanLicense ToCkan() => new(Id, Title, Url,
        OdConformance: IsOpen ? "approved" : "not reviewed",
        OsdConformance: "not reviewed",
        Status: "active",
        IsOkdCompliant: IsOpen,
        IsGeneric: Id.StartsWith("other-", StringComparison.Ordinal));
}

/// <summary>A licence as CKAN clients expect it from <c>license_list</c> (serialise with snake_case names).</summary>
internal sealed record CkanLicense(string Id, string Title, string Url, string OdConformance, string OsdConformance, string Status, bool IsOkdCompliant, bool IsGeneric);

/// <summary>
/// The DCAT-AP.de licence list (version 20200715 as mirrored by GovData's validator in vocab-licenses-open.rdf):
/// identifiers, German titles, licence URLs and GovData's open flag.
/// </summary>
internal static class Licenses
{
    public static IReadOnlyList<License> All { get; } =
    [
        new("dl-by-de/2.0", "Datenlizenz Deutschland Namensnennung 2.0", "https://www.govdata.de/dl-de/by-2-0", true, true),
        new("dl-zero-de/2.0", "Datenlizenz Deutschland – Zero – Version 2.0", "https://www.govdata.de/dl-de/zero-2-0", true, false),
        new("dl-by-de/1.0", "Datenlizenz Deutschland Namensnennung 1.0", "https://www.govdata.de/dl-de/by-1-0", true, true),
        new("dl-by-nc-de/1.0", "Datenlizenz Deutschland Namensnennung nicht-kommerziell 1.0", "https://www.govdata.de/dl-de/by-nc-1-0", false, true),
        new("cc-by/4.0", "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)", "http://creativecommons.org/licenses/by/4.0/", true, true),
        new("cc-by-sa/4.0", "Creative Commons Namensnennung - Weitergabe unter gleichen Bedingungen 4.0 International (CC-BY-SA 4.0)", "http://creativecommons.org/licenses/by-sa/4.0/", true, true),
        new("cc-by-nd/4.0", "Creative Commons Namensnennung - - Keine Bearbeitung 4.0 International (CC BY-ND 4.0)", "https://creativecommons.org/licenses/by-nd/4.0/", false, true),
        new("cc-by-nc/4.0", "Creative Commons Namensnennung - Nicht kommerziell 4.0 International (CC BY-NC 4.0)", "http://creativecommons.org/licenses/by-nc/4.0/", false, true),
        new("cc-zero", "Creative Commons CC Zero License (cc-zero)", "http://www.opendefinition.org/licenses/cc-zero", true, false),
        new("ccpdm/1.0", "Public Domain Mark 1.0 (PDM)", "http://creativecommons.org/publicdomain/mark/1.0/", true, false),
        new("cc-by", "Creative Commons Namensnennung (CC-BY)", "http://www.opendefinition.org/licenses/cc-by", true, true),
        new("cc-by-de/3.0", "Creative Commons Namensnennung 3.0 Deutschland (CC BY 3.0 DE)", "https://creativecommons.org/licenses/by/3.0/de/", true, true),
        new("cc-by-sa", "Creative Commons Namensnennung - Weitergabe unter gleichen Bedingungen (CC-BY-SA)", "http://www.opendefinition.org/licenses/cc-by-sa", true, true),
        new("cc-by-sa-de/3.0", "Creative Commons Namensnennung - Weitergabe unter gleichen Bedingungen 3.0 Deutschland (CC BY-SA 3.0 DE)", "https://creativecommons.org/licenses/by-sa/3.0/de/", true, true),
        new("cc-by-nc", "Creative Commons Namensnennung - Nicht kommerziell (CC BY-NC)", "http://creativecommons.org/licenses/by-nc/", false, true),
        new("cc-by-nc-de/3.0", "Creative Commons Namensnennung-Nicht kommerziell 3.0 Deutschland (CC BY-NC 3.0 DE)", "https://creativecommons.org/licenses/by-nc/3.0/de/", false, true),
        new("cc-by-nd", "Creative Commons Namensnennung - Keine Bearbeitung (CC BY-ND)", "http://creativecommons.org/licenses/by-nd/3.0/", false, true),
        new("cc-by-nd/3.0", "Creative Commons Namensnennung -- Keine Bearbeitung 3.0 Unported (CC BY-ND 3.0)", "http://creativecommons.org/licenses/by-nd/3.0/", false, true),
        new("odbl", "Open Data Commons Open Database License (ODbL)", "http://www.opendefinition.org/licenses/odc-odbl", true, true),
        new("odby", "Open Data Commons Attribution License (ODC-BY 1.0)", "http://www.opendefinition.org/licenses/odc-by", true, true),
        new("odcpddl", "Open Data Commons Public Domain Dedication and Licence (ODC PDDL)", "http://www.opendefinition.org/licenses/odc-pddl", true, false),
        new("officialWork", "Amtliches Werk, lizenzfrei nach §5 Abs. 1 UrhG", "http://www.gesetze-im-internet.de/urhg/__5.html", true, false),
        new("geonutz/20130319", "Nutzungsbestimmungen für die Bereitstellung von Geodaten des Bundes", "https://sg.geodatenzentrum.de/web_public/gdz/lizenz/geonutzv.pdf", true, false),
        new("geoNutz/20131001", "Nutzungsbestimmungen für die Bereitstellung von Geodaten des Landes Berlin", "http://www.stadtentwicklung.berlin.de/geoinformation/download/nutzIII.pdf", true, false),
        new("apache", "Freie Softwarelizenz der Apache Software Foundation", "http://www.apache.org/licenses", true, false),
        new("bsd", "BSD Lizenz", "http://www.opensource.org/licenses/bsd-license.php", true, false),
        new("gfdl", "GNU Free Documentation License (GFDL)", "http://www.opendefinition.org/licenses/gfdl", true, false),
        new("gpl/3.0", "GNU General Public License version 3.0 (GPLv3)", "http://www.opensource.org/licenses/gpl-3.0.html", true, false),
        new("mozilla", "Mozilla Public License 2.0 (MPL)", "http://www.mozilla.org/MPL", true, false),
        new("other-open", "Andere offene Lizenz", "", true, false),
        new("other-opensource", "Andere Open Source Lizenz", "", true, false),
        new("other-freeware", "Andere Freeware Lizenz", "", false, false),
        new("other-commercial", "Andere kommerzielle Lizenz", "", false, false),
        new("other-closed", "Andere geschlossene Lizenz", "", false, false),
    ];

    private static readonly Dictionary<string, License> ById = All.ToDictionary(l => l.Id, StringComparer.OrdinalIgnoreCase);

    /// <summary>The recommended default for municipal open data.</summary>
    public static License Default => ById["dl-by-de/2.0"];

    /// <summary>Finds a licence by its id (case-insensitive) or its concept IRI.</summary>
    public static License? Find(string? idOrUri)
    {
        if (string.IsNullOrWhiteSpace(idOrUri))
        {
            return null;
        }
        var key = idOrUri.Trim();
        if (key.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            key = "http://" + key[8..];
        }
        if (key.StartsWith(License.Namespace, StringComparison.OrdinalIgnoreCase))
        {
            key = key[License.Namespace.Length..];
        }
        return ById.GetValueOrDefault(key);
    }
}
