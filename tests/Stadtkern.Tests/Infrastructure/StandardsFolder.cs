namespace Stadtkern.Tests.Infrastructure;

/// <summary>Where the shared standards artefacts (../shared/standards next to the repository) live.</summary>
internal static class StandardsFolder
{
    public static string DcatApDe => Find(Path.Combine("shared", "standards", "dcat-ap.de-3.0"));

    /// <summary>The repository root (the folder holding Stadtkern.slnx).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Stadtkern.slnx")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("Stadtkern.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    private static string Find(string relative)
    {
        var env = Environment.GetEnvironmentVariable("DCAT_AP_DE_SHAPES");
        if (!string.IsNullOrEmpty(env) && relative.EndsWith("dcat-ap.de-3.0", StringComparison.Ordinal))
        {
            return env;
        }
        for (var dir = new DirectoryInfo(RepositoryRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"{relative} not found next to the repository or its parents (set DCAT_AP_DE_SHAPES)");
    }
}
