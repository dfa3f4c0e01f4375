using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stadtkern.Bench;

/// <summary>The built Stadtkern executable as a child process on a free loopback port.</summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder stderr = new();

    private AppProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => process.Id;

    public static string Executable(string repo) => Path.Combine(repo, "src", "Stadtkern", "bin", "Release", "net10.0", OperatingSystem.IsWindows() ? "Stadtkern.exe" : "Stadtkern");

    public static Dictionary<string, string> Environment(string provider, string connectionString) => new(StringComparer.Ordinal)
    {
        ["Database__Provider"] = provider,
        ["ConnectionStrings__Stadtkern"] = connectionString,
        ["Demo__SeedOnFirstStart"] = "false",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft"] = "Warning",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    public static async Task<AppProcess> StartAsync(string repo, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(Executable(repo), ["--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = repo,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + start.FileName);
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.ErrorDataReceived += (_, e) => { lock (app.stderr) { app.stderr.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, _) => { };
        if (System.Environment.GetEnvironmentVariable("STADTKERN_BENCH_APP_LOG") is { Length: > 0 } log)
        {
            // For looking into a run: the service's console output (warnings and errors at the bench's log level) in a file.
            process.OutputDataReceived += (_, e) => { lock (app.stderr) { File.AppendAllText(log, e.Data + "\n"); } };
            process.ErrorDataReceived += (_, e) => { lock (app.stderr) { File.AppendAllText(log, e.Data + "\n"); } };
        }

        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Stadtkern exited with {process.ExitCode}: {app.stderr}");
            }

            try
            {
                if ((await http.GetAsync("health/ready", cancellationToken)).IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        process.Kill(entireProcessTree: true); // not left running after a failed start
        throw new InvalidOperationException("Stadtkern did not become ready within 5 min: " + app.stderr);
    }

    /// <summary>Runs a CLI command of the same executable to completion; returns exit code and stdout.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunCommandAsync(
        string repo, IReadOnlyDictionary<string, string> environment, string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Executable(repo), args) { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = repo };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + start.FileName);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
