using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stadtkern.BrowserTests.Infrastructure;

/// <summary>
/// The real service as a child process: <c>dotnet Stadtkern.dll --urls http://127.0.0.1:PORT</c> on a free
/// loopback port, with a fresh SQLite database in a temporary folder (seeded with the demo city and its admin
/// account on first start). Killed, and its folder deleted, on dispose.
/// </summary>
public sealed class StadtkernProcess : IAsyncDisposable
{
    /// <summary>The demo admin seeded on first start (<c>Demo:AdminEmail</c>'s default).</summary>
    public const string AdminEmail = "admin@musterstadt.example";

    /// <summary>The demo admin's password, handed to the service as <c>Demo__AdminPassword</c>.</summary>
    public const string AdminPassword = "Browser-Test-Passwort-2025";

    /// <summary>60 s, or <c>STADTKERN_BROWSER_START_TIMEOUT</c> seconds (an overloaded shared machine needs longer for the first start).</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("STADTKERN_BROWSER_START_TIMEOUT"), System.Globalization.NumberStyles.Integer,
            System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 60);

    private readonly Process process;
    private readonly string workDirectory;
    private readonly StringBuilder output = new();

    private StadtkernProcess(Process process, string workDirectory, Uri baseAddress)
    {
        this.process = process;
        this.workDirectory = workDirectory;
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>What the service wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static async Task<StadtkernProcess> StartAsync()
    {
        var serviceDirectory = Paths.ServiceDirectory();
        var workDirectory = Directory.CreateTempSubdirectory("stadtkern-browser-").FullName;
        var port = FreeLoopbackPort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");

        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(serviceDirectory, "Stadtkern.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__Stadtkern"] = $"Data Source={Path.Combine(workDirectory, "stadtkern.db")}";
        start.Environment["Demo__AdminPassword"] = AdminPassword;
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");

        var process = new Process { StartInfo = start };
        var server = new StadtkernProcess(process, workDirectory, baseAddress);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await server.WaitUntilReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        string? last = null;
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The service exited with code {process.ExitCode} before it was ready.\n--- its output ---\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"GET /health/ready: {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = $"GET /health/ready: {e.Message}";
            }

            await Task.Delay(100);
        }

        throw new TimeoutException(
            $"The service at {BaseAddress} was not ready within {StartTimeout.TotalSeconds:0} s ({last}).\n--- its output ---\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // never started, or did not die in time: nothing more to do here
        }
        finally
        {
            process.Dispose();
        }

        try
        {
            Directory.Delete(workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is not worth failing a test run for
        }
    }

    /// <summary>The dotnet host running this test (so the same SDK/runtime), else <c>dotnet</c> from PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
