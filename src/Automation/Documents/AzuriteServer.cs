using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Oic.Infra.Automation.Engines;

namespace Oic.Infra.Automation.Documents;

/// <summary>
/// A private Azurite blob server on loopback (the npm package pinned in <c>tools/azurite</c>): in-memory,
/// on a free port, with two storage accounts, <c>primary</c> and <c>dr</c>, whose keys are random per
/// server. Disposing it kills the process tree, and with it every blob it held.
/// </summary>
public sealed class AzuriteServer : IDisposable, IAsyncDisposable
{
    /// <summary>The account that plays the primary region's document stores.</summary>
    public const string PrimaryAccount = "primary";

    /// <summary>The account that plays the paired (DR) region's document stores.</summary>
    public const string DrAccount = "dr";

    /// <summary>Where <c>scripts/install-tools.sh</c> puts the server, relative to the repository root.</summary>
    public const string RelativeExecutable = "tools/azurite/node_modules/.bin/azurite-blob";

    private readonly Process _process;
    private readonly string _key;
    private readonly StringBuilder _output;
    private bool _disposed;

    private AzuriteServer(Process process, int port, string key, StringBuilder output)
    {
        _process = process;
        Port = port;
        _key = key;
        _output = output;
    }

    public int Port { get; }

    /// <summary>The process id of the server (for logs; the server is stopped by <see cref="Dispose"/>).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The blob endpoint of an account, path style as Azurite serves it: <c>http://127.0.0.1:port/account</c>.</summary>
    public Uri BlobEndpoint(string account) => new($"http://127.0.0.1:{Port}/{account}");

    /// <summary>An emulator connection string for an account (shared key; the key lives only as long as this server).</summary>
    public string ConnectionString(string account) =>
        $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={_key};BlobEndpoint={BlobEndpoint(account)};";

    /// <summary>A client of an account; few, quick retries: the server is local, a failure is a failure.</summary>
    public BlobServiceClient Client(string account)
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return new BlobServiceClient(ConnectionString(account), options);
    }

    /// <summary>What Azurite printed so far (for error reports).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>
    /// The server binary: <paramref name="executable"/> when given, otherwise <see cref="RelativeExecutable"/>
    /// under the first directory above the current directory or the application's base directory that has a
    /// <c>tools/azurite</c> folder.
    /// </summary>
    public static string ResolveExecutable(string? executable = null)
    {
        if (executable is not null) return Path.GetFullPath(executable);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, "tools", "azurite")))
                    return Path.Combine(dir.FullName, RelativeExecutable);
            }
        }
        return Path.GetFullPath(RelativeExecutable);
    }

    /// <summary>
    /// Starts the server and waits until its port answers.
    /// Throws <see cref="EngineInputException"/> when Azurite is not installed or does not start.
    /// </summary>
    public static async Task<AzuriteServer> StartAsync(string? executable = null, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var path = ResolveExecutable(executable);
        if (!File.Exists(path))
        {
            throw new EngineInputException(
                $"Azurite is not installed ({path} does not exist): run scripts/install-tools.sh");
        }

        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++) // a free port can be taken between probe and bind
        {
            var port = FreePort();
            var output = new StringBuilder();
            var process = Launch(path, port, key, output);
            try
            {
                await WaitForPortAsync(process, port, limit, cancellationToken).ConfigureAwait(false);
                return new AzuriteServer(process, port, key, output);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                Kill(process);
                string printed;
                lock (output) printed = output.ToString().Trim();
                last = new EngineInputException(
                    $"Azurite ({path}) did not start on 127.0.0.1:{port}: {e.Message}" +
                    (printed.Length > 0 ? $"\n{printed}" : "") + "\n(re-run scripts/install-tools.sh if the install is broken)");
            }
            catch
            {
                Kill(process);
                throw;
            }
        }
        throw last!;
    }

    private static Process Launch(string path, int port, string key, StringBuilder output)
    {
        var info = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in new[]
                 {
                     "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent",
                 })
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["AZURITE_ACCOUNTS"] = $"{PrimaryAccount}:{key};{DrAccount}:{key}";

        var process = new Process { StartInfo = info };
        void Append(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
        }
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new EngineInputException(
                $"Azurite ({path}) could not be started: {e.Message}; is Node.js on PATH? run scripts/install-tools.sh");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task WaitForPortAsync(Process process, int port, TimeSpan limit, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"it exited with code {process.ExitCode}");
            using (var client = new TcpClient())
            {
                try
                {
                    await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (SocketException)
                {
                    // not listening yet
                }
            }
            if (watch.Elapsed > limit) throw new TimeoutException($"its port did not answer within {limit.TotalSeconds:0} s");
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        process.Dispose();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Kill(_process);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
