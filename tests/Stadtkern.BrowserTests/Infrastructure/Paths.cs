namespace Stadtkern.BrowserTests.Infrastructure;

/// <summary>Where things are: the repository, the built service, the test artefacts.</summary>
internal static class Paths
{
    /// <summary>The repository root: the first folder above the test assembly with <c>Stadtkern.slnx</c>.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary><c>artifacts/browser</c> in the repository root (created on first use): screenshots of the runs.</summary>
    public static string BrowserArtifacts
    {
        get
        {
            var dir = Path.Combine(RepositoryRoot, "artifacts", "browser");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    /// <summary>
    /// The folder of the built service: <c>src/Stadtkern/bin/&lt;configuration&gt;/net10.0</c>, in the same
    /// configuration as this test assembly (the service's own output has its <c>wwwroot</c>, including the
    /// npm libraries copied there at build time).
    /// </summary>
    public static string ServiceDirectory()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;                        // net10.0
        var configuration = testOutput.Parent?.Name ?? "Debug"; // Debug | Release
        var dir = Path.Combine(RepositoryRoot, "src", "Stadtkern", "bin", configuration, framework);
        if (!File.Exists(Path.Combine(dir, "Stadtkern.dll")))
        {
            throw new InvalidOperationException(
                $"The built service is missing: no Stadtkern.dll in {dir}. Build the solution (or this test project) first.");
        }

        return dir;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Stadtkern.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Stadtkern.slnx above {AppContext.BaseDirectory}.");
    }
}
