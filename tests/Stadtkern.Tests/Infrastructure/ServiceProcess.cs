using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Platform.Cli;

namespace Stadtkern.Tests.Infrastructure;

/// <summary>
/// The built service as a child process on a free loopback port, against a test database, so that clients
/// outside .NET (Node) can reach it over real HTTP and a test can kill it hard. Killed on dispose.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string workDirectory;
    private readonly bool ownsWorkDirectory;
    private readonly StringBuilder output = new();

    private ServiceProcess(Process process, string workDirectory, bool ownsWorkDirectory, Uri baseAddress)
    {
        this.process = process;
        this.workDirectory = workDirectory;
        this.ownsWorkDirectory = ownsWorkDirectory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

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

    /// <param name="provider">The database engine.</param>
    /// <param name="connectionString">The test database.</param>
    /// <param name="environment">Further settings (<c>Section__Key</c>) for the service.</param>
    /// <param name="workDirectory">Working directory to use and keep; by default a temporary one, deleted on dispose.</param>
    public static async Task<ServiceProcess> StartAsync(
        DatabaseProvider provider, string connectionString, IReadOnlyDictionary<string, string>? environment = null, string? workDirectory = null)
    {
        var ownsWorkDirectory = workDirectory is null;
        workDirectory ??= Directory.CreateTempSubdirectory("stadtkern-service-").FullName;
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(StadtkernProcess.Dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = provider.ToString();
        start.Environment["ConnectionStrings__Stadtkern"] = connectionString;
        start.Environment["Catalog__FilesPath"] = Path.Combine(workDirectory, "files");
        start.Environment["Tenancy__CacheSeconds"] = "0";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var server = new ServiceProcess(process, workDirectory, ownsWorkDirectory, new Uri($"http://127.0.0.1:{port}/"));
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
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with code {process.ExitCode}.\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"The service was not ready within 90 s.\n{Output}");
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

    /// <summary>SIGKILL: no shutdown, no flush, no drain.</summary>
    public async Task KillHardAsync()
    {
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        if (!ownsWorkDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp dir is harmless
        }
    }
}
