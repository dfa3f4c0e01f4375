using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Demo;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Demo;

/// <summary>The report categories of the demo city, with attributes of every Open311 datatype. Only missing codes are added.</summary>
internal sealed class SeedDemoServices(StadtkernDb db, TimeProvider clock) : IDemoContent
{
    internal static readonly IReadOnlyList<(string Code, string Group, string Name, string Department, int? Sla, string Keywords, ServiceAttribute[] Attributes)> Services =
    [
        ("strassenschaden", "Straßen und Wege", "Schlagloch oder Straßenschaden", "tiefbau", 14, "Schlagloch, Straße, Gehweg, Radweg",
        [
            new("groesse", AttributeDatatypes.SingleValueList, true, "Wie groß ist der Schaden?", 1,
                [new("klein", "kleiner als ein Teller"), new("mittel", "bis zu einem Meter"), new("gross", "größer als ein Meter")]),
            new("gefahr", AttributeDatatypes.SingleValueList, false, "Besteht eine Unfallgefahr?", 2, [new("ja", "Ja"), new("nein", "Nein")]),
        ]),
        ("beleuchtung", "Straßen und Wege", "Straßenlaterne defekt", "stadtwerke", 7, "Laterne, Licht, dunkel",
        [
            new("mastnummer", AttributeDatatypes.String, false, "Nummer am Laternenmast (falls lesbar)", 1),
            new("seit", AttributeDatatypes.Datetime, false, "Seit wann ist die Laterne aus?", 2),
        ]),
        ("wilder-muell", "Abfall", "Wilder Müll", "entsorgung", 5, "Müll, Sperrmüll, Abfall",
        [
            new("art", AttributeDatatypes.MultiValueList, true, "Was liegt dort?", 1,
                [new("sperrmuell", "Sperrmüll"), new("hausmuell", "Hausmüll"), new("elektro", "Elektrogeräte"), new("sonstiges", "Sonstiges")]),
            new("menge", AttributeDatatypes.Number, false, "Ungefähre Menge in Kubikmetern", 2),
        ]),
        ("baum", "Grünflächen", "Baum oder Grünfläche", "gruen", 21, "Baum, Ast, Hecke, Park",
        [
            new("hinweis", AttributeDatatypes.Text, false, "Was ist mit dem Baum oder der Grünfläche?", 1),
        ]),
        ("sonstiges", "Sonstiges", "Sonstiges Anliegen", "ordnung", null, "", []),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Set<ReportService>().Select(s => s.Code).ToListAsync(cancellationToken);
        var departments = await db.Departments.ToDictionaryAsync(d => d.Key, d => d.Id, StringComparer.Ordinal, cancellationToken);
        var now = clock.GetStoredNow();
        foreach (var s in Services.Where(s => !existing.Contains(s.Code)))
        {
            db.Add(new ReportService
            {
                Id = Guid.CreateVersion7(),
                Code = s.Code,
                GroupName = s.Group,
                Name = s.Name,
                Keywords = s.Keywords.Length == 0 ? null : s.Keywords,
                Attributes = ServiceAttribute.Serialize(s.Attributes),
                DepartmentId = departments.TryGetValue(s.Department, out var id) ? id : null,
                SlaDays = s.Sla,
                Active = true,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
