using System.Text.Json;
using Oic.Infra.Automation.Pulumi;

namespace Oic.Infra.Automation.Tests.Pulumi;

/// <summary>One run of the stand-in CLI, as it logged itself.</summary>
internal sealed record PulumiCall(IReadOnlyList<string> Argv, IReadOnlyDictionary<string, string?> Env, string Cwd)
{
    public override string ToString() => string.Join(' ', Argv);
}

/// <summary>
/// A stand-in <c>pulumi</c> executable for the contract tests: a small bash script that appends its argv, working
/// directory and a few environment variables as one JSON line to <c>calls.jsonl</c>, then replays the recorded
/// response for its command (<c>responses/&lt;key&gt;.out|.err|.code</c>, the key being <c>version</c>,
/// <c>preview</c>, <c>up</c>, <c>stack-select</c>, <c>stack-export</c>, …) from <c>Data/pulumi/</c>. A command
/// with no recorded response fails with exit 99. A response may come in two parts (<c>.out</c> then
/// <c>.out.rest</c>): the script waits between them until the test opens the gate, so a test can prove that
/// output is read while the process still runs. SIGINT is logged to <c>signals</c>.
/// </summary>
internal sealed class StandInPulumi : IDisposable
{
    public const string DirectoryVariable = "FAKE_PULUMI_DIR";

    private const string ScriptText = """
        #!/usr/bin/env bash
        # Stand-in for the pulumi CLI (contract tests; see StandInPulumi.cs).
        set -u
        dir="${FAKE_PULUMI_DIR:?FAKE_PULUMI_DIR is not set}"
        trap 'echo INT >> "$dir/signals"; exit 130' INT
        json() {
          local s=$1
          s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\n'/\\n}; s=${s//$'\r'/\\r}; s=${s//$'\t'/\\t}
          printf '"%s"' "$s"
        }
        line='{"argv":['
        sep=''
        for a in "$@"; do line+="$sep$(json "$a")"; sep=','; done
        line+='],"cwd":'"$(json "$PWD")"',"env":{'
        sep=''
        for v in PULUMI_HOME PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK PULUMI_ENABLE_STREAMING_JSON_PREVIEW OIC_TEST_EXTRA; do
          if [[ -v $v ]]; then line+="$sep\"$v\":$(json "${!v}")"; else line+="$sep\"$v\":null"; fi
          sep=','
        done
        line+='}}'
        printf '%s\n' "$line" >> "$dir/calls.jsonl"
        case "${1:-}" in
          stack) key="stack-${2:-}" ;;
          *) key="${1:-none}" ;;
        esac
        r="$dir/responses/$key"
        if [ ! -e "$r.out" ] && [ ! -e "$r.err" ] && [ ! -e "$r.code" ]; then
          echo "stand-in pulumi: no recorded response for '$key'" >&2
          exit 99
        fi
        if [ -e "$r.out" ]; then cat "$r.out"; fi
        if [ -e "$r.out.rest" ]; then
          # Up to 60 s: on a loaded machine the engine may take seconds to read the first part and react to it.
          end=$((SECONDS + 60))
          while [ ! -e "$dir/gate" ] && [ "$SECONDS" -lt "$end" ]; do sleep 0.01; done
          if [ ! -e "$dir/gate" ]; then echo "stand-in pulumi: the test never opened the gate" >&2; exit 98; fi
          cat "$r.out.rest"
        fi
        if [ -e "$r.err" ]; then cat "$r.err" >&2; fi
        if [ -e "$r.code" ]; then exit "$(cat "$r.code")"; fi
        exit 0
        """;

    private static readonly Lazy<string> SharedScript = new(WriteScript);

    /// <param name="version">What <c>pulumi version</c> prints; by default the recorded <c>version.txt</c> (v3.209.0).</param>
    public StandInPulumi(string? version = null)
    {
        Root = Directory.CreateTempSubdirectory("oic-pulumi-contract-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, "responses"));
        ProjectDirectory = Path.Combine(Root, "project");
        Directory.CreateDirectory(Path.Combine(ProjectDirectory, "stacks"));
        File.WriteAllText(Path.Combine(ProjectDirectory, "Pulumi.yaml"), """
            name: oic-gs-infra
            runtime:
              name: yaml
              options:
                compiler: ./infra compile
            stackConfigDir: stacks
            """);
        RespondText("version", stdout: version is null ? Data("version.txt") : version + "\n");
    }

    /// <summary>The script, written once per test run (so no test executes a file another thread is still writing).</summary>
    public static string Executable => SharedScript.Value;

    public string Root { get; }

    /// <summary>The engine's working directory: a project with <c>Pulumi.yaml</c> and <c>stackConfigDir: stacks</c>.</summary>
    public string ProjectDirectory { get; }

    public static string DataPath(string name) =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "pulumi", name);

    public static string Data(string name) => File.ReadAllText(DataPath(name));

    /// <summary>Records the response to a command from files in <c>Data/pulumi/</c>.</summary>
    public StandInPulumi Respond(string key, string? stdoutFile = null, string? stderrFile = null, int exitCode = 0) =>
        RespondText(key, stdoutFile is null ? null : Data(stdoutFile), stderrFile is null ? null : Data(stderrFile), exitCode);

    public StandInPulumi RespondText(string key, string? stdout = null, string? stderr = null, int exitCode = 0)
    {
        var path = Path.Combine(Root, "responses", key);
        if (stdout is not null) File.WriteAllText(path + ".out", stdout);
        if (stderr is not null) File.WriteAllText(path + ".err", stderr);
        File.WriteAllText(path + ".code", exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Stdout in two parts split at <paramref name="splitAt"/> characters; the second waits for <see cref="OpenGate"/>.</summary>
    public StandInPulumi RespondInTwoParts(string key, string stdoutFile, int splitAt, int exitCode = 0)
    {
        var text = Data(stdoutFile);
        var path = Path.Combine(Root, "responses", key);
        File.WriteAllText(path + ".out", text[..splitAt]);
        File.WriteAllText(path + ".out.rest", text[splitAt..]);
        File.WriteAllText(path + ".code", exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return this;
    }

    public void OpenGate() => File.WriteAllText(Path.Combine(Root, "gate"), "open");

    public IReadOnlyList<string> Signals =>
        File.Exists(Path.Combine(Root, "signals")) ? File.ReadAllLines(Path.Combine(Root, "signals")) : [];

    public IReadOnlyList<PulumiCall> Calls
    {
        get
        {
            var log = Path.Combine(Root, "calls.jsonl");
            if (!File.Exists(log)) return [];
            return [.. File.ReadAllLines(log).Select(Parse)];
        }
    }

    /// <summary>The argument lists, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Argvs => [.. Calls.Select(c => c.Argv)];

    public PulumiEngine Engine(IReadOnlyDictionary<string, string>? environment = null, string? pulumiHome = null)
    {
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            [DirectoryVariable] = Root,
        };
        return new PulumiEngine(ProjectDirectory, Executable, env, pulumiHome) { CancellationGracePeriod = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Removes the shared script once all tests have run.</summary>
    public static void DeleteScript()
    {
        if (!SharedScript.IsValueCreated) return;
        try
        {
            Directory.Delete(Path.GetDirectoryName(SharedScript.Value)!, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS.
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A stand-in still exiting; the temporary directory is left to the OS.
        }
    }

    private static PulumiCall Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var argv = root.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!).ToList();
        var env = root.GetProperty("env").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetString());
        return new PulumiCall(argv, env, root.GetProperty("cwd").GetString()!);
    }

    private static string WriteScript()
    {
        var directory = Directory.CreateTempSubdirectory("oic-pulumi-stand-in-").FullName;
        var path = Path.Combine(directory, "pulumi");
        File.WriteAllText(path, ScriptText.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }
}

/// <summary>Deletes the stand-in script after the last test of this namespace.</summary>
[SetUpFixture]
public sealed class StandInPulumiCleanup
{
    [OneTimeTearDown]
    public void DeleteScript() => StandInPulumi.DeleteScript();
}
