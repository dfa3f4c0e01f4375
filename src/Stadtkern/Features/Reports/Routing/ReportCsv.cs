using System.Globalization;
using Stadtkern.Features.Reports.Import;

namespace Stadtkern.Features.Reports.Routing;

/// <summary>One row of a report CSV in the Konstanz columns (id,text,category,department,lon,lat,reported_at,district).</summary>
internal sealed record ReportCsvRow(string? Id, string Text, string? Category, string? Department, double? Lat, double? Lon, string? District);

/// <summary>
/// Reads report CSVs (RFC 4180: comma separated, double-quoted fields may hold commas, quotes and line breaks) by header
/// name; missing columns and unparsable coordinates become null. Used by <c>routing evaluate</c> and the benchmark.
/// </summary>
internal static class ReportCsv
{
    public static List<ReportCsvRow> Read(TextReader reader)
    {
        var records = CsvRows.Read(reader).GetEnumerator();
        var rows = new List<ReportCsvRow>();
        if (!records.MoveNext())
        {
            return rows;
        }

        var header = records.Current.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        int Column(string name) => header.IndexOf(name);
        var (id, text, category, department, lon, lat, district) =
            (Column("id"), Column("text"), Column("category"), Column("department"), Column("lon"), Column("lat"), Column("district"));
        if (text < 0)
        {
            throw new InvalidDataException("The CSV has no 'text' column.");
        }

        while (records.MoveNext())
        {
            var r = records.Current;
            if (r.Length == 1 && string.IsNullOrWhiteSpace(r[0]))
            {
                continue;
            }

            string? Get(int i) => i >= 0 && i < r.Length && !string.IsNullOrWhiteSpace(r[i]) ? r[i].Trim() : null;
            rows.Add(new ReportCsvRow(
                Get(id), Get(text) ?? "", Get(category), Get(department), Number(Get(lat)), Number(Get(lon)), Get(district)));
        }

        return rows;
    }

    private static double? Number(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;
}
