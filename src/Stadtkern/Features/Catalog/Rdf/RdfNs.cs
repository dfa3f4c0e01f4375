namespace Stadtkern.Features.Catalog.Rdf;

/// <summary>Namespace IRIs used by the catalog's RDF (DCAT-AP.de 3.0 and what it builds on).</summary>
internal static class RdfNs
{
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string Rdfs = "http://www.w3.org/2000/01/rdf-schema#";
    public const string Xsd = "http://www.w3.org/2001/XMLSchema#";
    public const string Owl = "http://www.w3.org/2002/07/owl#";
    public const string Dcat = "http://www.w3.org/ns/dcat#";
    public const string Dct = "http://purl.org/dc/terms/";
    public const string Dcatde = "http://dcat-ap.de/def/dcatde/";
    public const string Dcatap = "http://data.europa.eu/r5r#";
    public const string Foaf = "http://xmlns.com/foaf/0.1/";
    public const string Vcard = "http://www.w3.org/2006/vcard/ns#";
    public const string Skos = "http://www.w3.org/2004/02/skos/core#";
    public const string Spdx = "http://spdx.org/rdf/terms#";
    public const string Locn = "http://www.w3.org/ns/locn#";
    public const string Adms = "http://www.w3.org/ns/adms#";
    public const string Hydra = "http://www.w3.org/ns/hydra/core#";
    public const string Geo = "http://www.opengis.net/ont/geosparql#";

    public static readonly Iri RdfType = new(Rdf + "type");
    public static readonly Iri RdfFirst = new(Rdf + "first");
    public static readonly Iri RdfRest = new(Rdf + "rest");
    public static readonly Iri RdfNil = new(Rdf + "nil");

    /// <summary>The prefixes the catalog's writers use (Turtle prefixes, RDF/XML namespaces, JSON-LD context).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> CatalogPrefixes { get; } =
    [
        new("rdf", Rdf), new("rdfs", Rdfs), new("xsd", Xsd), new("dcat", Dcat), new("dct", Dct), new("dcatde", Dcatde),
        new("dcatap", Dcatap), new("foaf", Foaf), new("vcard", Vcard), new("skos", Skos), new("spdx", Spdx),
        new("locn", Locn), new("adms", Adms), new("hydra", Hydra), new("geo", Geo),
    ];
}
