using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Stadtkern.Features.Catalog.Datastore;
using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Features.Catalog.Demo;

/// <summary>
/// Loads the demo's playgrounds (<c>spielplaetze</c>, resource "Spielplätze (GeoJSON)") into the datastore through
/// the same analyse → confirm → load path a steward's upload takes, so the demo shows a queryable table with
/// preview and map. The playgrounds are invented for Musterstadt; positions lie in the demo city's area.
/// </summary>
internal sealed class SeedDemoDatastore(DatasetStore datasets, DatastoreTables tables, LoadUpload loader)
{
    public const string DatasetName = "spielplaetze";

    /// <summary>Loads the table unless it exists; returns the number of rows loaded (0 when it was already there).</summary>
    public async Task<long> SeedAsync(CancellationToken cancellationToken)
    {
        var dataset = await datasets.FindAsync(DatasetName, cancellationToken);
        var resource = dataset?.Resources.FirstOrDefault(r => r.Format == "GEOJSON");
        if (resource is null || await tables.FindAsync(resource.Id, cancellationToken) is not null)
        {
            return 0;
        }

        await using var content = new MemoryStream(Encoding.UTF8.GetBytes(Playgrounds()));
        var job = await loader.StartAsync(resource, "spielplaetze.geojson", content, SeedDemoCatalog.Actor, cancellationToken);
        await loader.AnalyseAsync(job.Id, cancellationToken);
        var analysed = await loader.FindAsync(job.Id, cancellationToken);
        var schema = analysed?.ParsedSchema
            ?? throw new InvalidOperationException("Demo datastore: the playgrounds could not be analysed: " + analysed?.Message);
        var errors = await loader.ConfirmAsync(job.Id, schema, cancellationToken);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Demo datastore: " + string.Join("; ", errors.SelectMany(e => e.Value)));
        }

        await loader.LoadAsync(job.Id, cancellationToken);
        return (await tables.FindAsync(resource.Id, cancellationToken))?.RowCount ?? 0;
    }

    /// <summary>24 playgrounds, deterministic: the same file on every seed.</summary>
    internal static string Playgrounds()
    {
        string[] districts = ["Altstadt", "Paradies", "Petershausen-West", "Petershausen-Ost", "Königsbau", "Fürstenberg", "Wollmatingen", "Allmannsdorf", "Staad", "Litzelstetten", "Dingelsdorf", "Egg"];
        string[] kinds = ["Kleinkinder (0–6)", "Kinder (6–12)", "alle Altersgruppen", "Jugendliche (12–18)"];
        var random = new Random(8335043);
        var features = new JsonArray();
        for (var i = 0; i < 24; i++)
        {
            var district = districts[i % districts.Length];
            var lon = Math.Round(9.12 + (random.NextDouble() * 0.09), 5);
            var lat = Math.Round(47.66 + (random.NextDouble() * 0.06), 5);
            features.Add(new JsonObject
            {
                ["type"] = "Feature",
                ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) },
                ["properties"] = new JsonObject
                {
                    ["name"] = $"Spielplatz {district} {(i / districts.Length) + 1}",
                    ["stadtteil"] = district,
                    ["altersgruppe"] = kinds[random.Next(kinds.Length)],
                    ["spielgeraete"] = random.Next(3, 16),
                    ["flaeche_m2"] = Math.Round(300 + (random.NextDouble() * 2200), 1),
                    ["barrierefrei"] = random.Next(3) == 0,
                    ["schatten"] = random.Next(2) == 0,
                    ["saniert"] = new DateOnly(2012 + random.Next(13), 1 + random.Next(12), 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                },
            });
        }

        return new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString();
    }
}
