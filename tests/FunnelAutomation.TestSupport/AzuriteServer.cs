using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FunnelAutomation.TestSupport;

/// <summary>Runs a private Azurite (the Azure Storage emulator, pinned in the repository's package-lock.json)
/// on free loopback ports, in memory, for integration tests and benchmarks (test code: never referenced by src/).
/// Disposing it kills the whole process tree.</summary>
public sealed class AzuriteServer : IDisposable
{
    /// <summary>The emulator's documented, public development account and key.</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string SolutionFile = "FunnelAutomation.sln";
    private const int MaxOutputLines = 200;

    private readonly Process _process;
    private readonly Queue<string> _output;
    private readonly string _workDirectory;

    private AzuriteServer(Process process, Queue<string> output, string workDirectory, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _output = output;
        _workDirectory = workDirectory;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public int ProcessId => _process.Id;

    public string ConnectionString => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};");

    /// <summary>The folder holding FunnelAutomation.sln, found by walking up from <paramref name="startDirectory"/>
    /// (default: the running assembly's folder); null when there is none.</summary>
    public static string? FindRepositoryRoot(string? startDirectory = null)
    {
        for (var dir = new DirectoryInfo(startDirectory ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>Starts Azurite from <c>node_modules/.bin/azurite</c> under the repository root and waits
    /// until its queue and table endpoints answer.</summary>
    public static async Task<AzuriteServer> StartAsync(string? repositoryRoot = null, TimeSpan? startupTimeout = null, CancellationToken cancellationToken = default)
    {
        var root = repositoryRoot ?? FindRepositoryRoot()
            ?? throw new InvalidOperationException($"Cannot find the repository root ({SolutionFile}) above {AppContext.BaseDirectory}.");
        var executable = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({executable} is missing). Run `npm ci` in {root} " +
                "(scripts/test.sh does it) to install the version pinned in package-lock.json.");
        }

        var timeout = startupTimeout ?? TimeSpan.FromSeconds(60);
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                return await TryStartAsync(executable, timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (AzuriteStartException ex)
            {
                // Usually a port taken between choosing it and Azurite binding it: choose again.
                last = ex;
            }
        }

        throw new InvalidOperationException("Azurite did not start: " + last?.Message, last);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
            TryDeleteDirectory(_workDirectory);
        }
    }

    /// <summary>The last lines Azurite printed, for diagnostics.</summary>
    public string RecentOutput()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    private static async Task<AzuriteServer> TryStartAsync(string executable, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (blob, queue, table) = FreePorts();
        var workDirectory = Directory.CreateTempSubdirectory("azurite-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--loose", "--silent",
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        var output = new Queue<string>();
        var process = new Process { StartInfo = start };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.Enqueue(e.Data);
                if (output.Count > MaxOutputLines)
                {
                    output.Dequeue();
                }
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.Start();
        // Drain both pipes: a full pipe would block Azurite.
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new AzuriteServer(process, output, workDirectory, blob, queue, table);
        try
        {
            await server.WaitUntilReadyAsync(timeout, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        var endpoints = new[]
        {
            new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{QueuePort}/{AccountName}?comp=list")),
            new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{TablePort}/{AccountName}/Tables")),
        };
        var ready = new bool[endpoints.Length];
        while (true)
        {
            if (_process.HasExited)
            {
                throw new AzuriteStartException($"Azurite exited with code {_process.ExitCode}. Output:{Environment.NewLine}{RecentOutput()}");
            }

            for (var i = 0; i < endpoints.Length; i++)
            {
                if (ready[i])
                {
                    continue;
                }

                try
                {
                    // Any HTTP answer (even 403 for the unsigned request) means the endpoint is serving.
                    using var response = await http.GetAsync(endpoints[i], cancellationToken).ConfigureAwait(false);
                    ready[i] = true;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }

            if (ready.All(r => r))
            {
                return;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new AzuriteStartException($"Azurite did not answer within {timeout.TotalSeconds:N0} s. Output:{Environment.NewLine}{RecentOutput()}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private static (int Blob, int Queue, int Table) FreePorts()
    {
        // Held open together so the three are distinct; released just before Azurite binds them.
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
            return (ports[0], ports[1], ports[2]);
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
            listeners.ForEach(l => l.Dispose());
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed class AzuriteStartException(string message) : Exception(message);
}
