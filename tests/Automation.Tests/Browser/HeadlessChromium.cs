using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oic.Infra.Automation.Tests.Browser;

/// <summary>What a page did when a browser opened it.</summary>
internal sealed record PageVisit(IReadOnlyList<string> ConsoleErrors, IReadOnlyList<string> ExternalRequests, JsonNode? Checks, string Screenshot, long PdfBytes);

/// <summary>
/// Debian's Chromium, headless, driven over the Chrome DevTools Protocol (a WebSocket on 127.0.0.1): opens a
/// local file as a person would, records console errors, exceptions, CSP violations and every request that is
/// not to the file itself, runs a visibility check in the page, saves a full-page screenshot and prints the
/// page to PDF. Chromium missing is a failure, never a skip: <c>scripts/install-tools.sh</c> installs it.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private readonly string _profile;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentQueue<JsonObject> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static string Executable() =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
        ?? throw new AssertionException("Chromium is not installed (Debian package 'chromium'); run scripts/install-tools.sh, which installs it with apt-get");

    public static async Task<HeadlessChromium> StartAsync()
    {
        var profile = Directory.CreateTempSubdirectory("chromium-profile-").FullName;
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                     "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank" })
            start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        var browser = new HeadlessChromium(process, profile);
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) { endpoint.TrySetException(new InvalidOperationException($"Chromium exited before listening:\n{log}")); return; }
            lock (log) log.AppendLine(e.Data);
            var at = e.Data.IndexOf("ws://", StringComparison.Ordinal);
            if (e.Data.StartsWith("DevTools listening on", StringComparison.Ordinal) && at >= 0) endpoint.TrySetResult(e.Data[at..].Trim());
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var url = await endpoint.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await browser._socket.ConnectAsync(new Uri(url), CancellationToken.None);
        browser._reader = Task.Run(browser.ReadLoop);
        return browser;
    }

    /// <summary>
    /// Opens <paramref name="file"/> in a new tab, waits for it to load, evaluates <paramref name="checkScript"/>
    /// (an expression whose value comes back as JSON), saves <paramref name="screenshot"/> and prints to PDF.
    /// </summary>
    public async Task<PageVisit> VisitAsync(string file, string checkScript, string screenshot, (int Width, int Height) viewport)
    {
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
        var attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true });
        var session = attached["sessionId"]!.GetValue<string>();
        foreach (var domain in new[] { "Runtime.enable", "Log.enable", "Network.enable", "Page.enable" })
            await SendAsync(domain, new JsonObject(), session);
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = viewport.Width, ["height"] = viewport.Height, ["deviceScaleFactor"] = 1, ["mobile"] = false }, session);
        var url = new Uri(Path.GetFullPath(file)).AbsoluteUri;
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url }, session);
        await WaitForEventAsync("Page.loadEventFired", session, TimeSpan.FromSeconds(60));

        var evaluation = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = checkScript, ["returnByValue"] = true }, session);
        if (evaluation["exceptionDetails"] is { } failed) throw new AssertionException($"the check script threw: {failed.ToJsonString()}");
        var checks = evaluation["result"]?["value"]?.DeepClone();

        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true }, session);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(screenshot))!);
        await File.WriteAllBytesAsync(screenshot, Convert.FromBase64String(shot["data"]!.GetValue<string>()));
        var pdf = await SendAsync("Page.printToPDF", new JsonObject { ["printBackground"] = true, ["preferCSSPageSize"] = true }, session);
        var pdfBytes = Convert.FromBase64String(pdf["data"]!.GetValue<string>());
        await File.WriteAllBytesAsync(Path.ChangeExtension(screenshot, ".pdf"), pdfBytes);

        var errors = new List<string>();
        var external = new List<string>();
        foreach (var e in _events.Where(e => e["sessionId"]?.GetValue<string>() == session))
        {
            var p = e["params"]!;
            switch (e["method"]!.GetValue<string>())
            {
                case "Runtime.consoleAPICalled" when p["type"]!.GetValue<string>() is "error" or "assert" or "warning":
                    errors.Add($"console.{p["type"]}: {p["args"]?.ToJsonString()}");
                    break;
                case "Runtime.exceptionThrown":
                    errors.Add($"exception: {p["exceptionDetails"]?.ToJsonString()}");
                    break;
                case "Log.entryAdded" when p["entry"]!["level"]!.GetValue<string>() is "error" or "warning":
                    errors.Add($"log: {p["entry"]!["text"]} ({p["entry"]!["url"]})");
                    break;
                case "Network.requestWillBeSent":
                    var requested = p["request"]!["url"]!.GetValue<string>();
                    if (requested != url && !requested.StartsWith("data:", StringComparison.Ordinal)) external.Add(requested);
                    break;
            }
        }
        await SendAsync("Target.closeTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>() });
        return new PageVisit(errors, external, checks, screenshot, pdfBytes.LongLength);
    }

    private async Task<JsonObject> SendAsync(string method, JsonObject parameters, string? session = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (session is not null) message["sessionId"] = session;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        var response = await reply.Task.WaitAsync(TimeSpan.FromSeconds(120));
        if (response["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
        return response["result"]?.AsObject() ?? new JsonObject();
    }

    private async Task WaitForEventAsync(string method, string session, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_events.Any(e => e["method"]?.GetValue<string>() == method && e["sessionId"]?.GetValue<string>() == session))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {method} within {timeout}");
            await Task.Delay(50);
        }
    }

    private async Task ReadLoop()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                break;
            }
            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage) continue;
            var node = JsonNode.Parse(message.ToArray())!.AsObject();
            message.SetLength(0);
            if (node["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var reply)) reply.TrySetResult(node);
            else if (node["method"] is not null) _events.Enqueue(node);
        }
        foreach (var pending in _pending.Values) pending.TrySetException(new InvalidOperationException("the browser connection closed"));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_reader is not null) await _reader;
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium's helpers may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
