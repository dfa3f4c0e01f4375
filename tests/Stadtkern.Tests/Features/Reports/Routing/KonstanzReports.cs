using Stadtkern.Features.Reports.Routing;
using Stadtkern.Features.Reports.Routing.Classifier;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Reports.Routing;

/// <summary>The real Konstanz reports (../shared/data/reports/konstanz-train.csv next to the repository).</summary>
internal static class KonstanzReports
{
    public static string File
    {
        get
        {
            foreach (var relative in new[] { Path.Combine("shared", "data", "reports", "konstanz-train.csv"), Path.Combine("data", "reports", "konstanz-train.csv") })
            {
                for (var dir = new DirectoryInfo(StandardsFolder.RepositoryRoot); dir is not null; dir = dir.Parent)
                {
                    var candidate = Path.Combine(dir.FullName, relative);
                    if (System.IO.File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }

            throw new InvalidOperationException("konstanz-train.csv not found next to the repository.");
        }
    }

    public static List<ReportCsvRow> Rows()
    {
        using var reader = new StreamReader(File);
        return ReportCsv.Read(reader);
    }

    public static List<LabeledExample> Examples() =>
        [.. Rows().Where(r => r.Department is not null).Select(r => new LabeledExample(new RoutingExample(r.Text, r.Category, r.District, r.Lat, r.Lon), r.Department!))];
}
