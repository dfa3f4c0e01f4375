using System.Diagnostics;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Tests.Platform.Cli;

/// <summary>The outcome of one run of the real executable.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the built Stadtkern executable (<c>dotnet Stadtkern.dll ...</c>, the copy next to the tests) as a
/// separate process in its own temporary working directory, against the given database.
/// </summary>
public sealed class StadtkernProcess : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly DatabaseProvider provider;
    private readonly string connectionString;

    public StadtkernProcess(DatabaseProvider provider, string connectionString)
    {
        this.provider = provider;
        this.connectionString = connectionString;
        WorkingDirectory = Directory.CreateTempSubdirectory("stadtkern-cli-").FullName;
    }

    public string WorkingDirectory { get; }

    public static string Dll => typeof(Program).Assembly.Location;

    public async Task<CliResult> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only what the test says: nothing from the test run's own environment that the app would read.
        foreach (var name in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "STADTKERN_PASSWORD" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["ConnectionStrings__Stadtkern"] = connectionString;
        start.Environment["Database__Provider"] = provider.ToString();
        // The CLI tests check commands, not demo content: the demo sensors (a week of observations) would only slow them down.
        start.Environment["Demo__Sensing"] = "false";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.StandardInput.Close(); // no password or anything else on stdin
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"stadtkern {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds} s.");
        }

        return new CliResult(process.ExitCode, (await stdout).ReplaceLineEndings("\n"), (await stderr).ReplaceLineEndings("\n"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp dir is harmless
        }
    }
}
