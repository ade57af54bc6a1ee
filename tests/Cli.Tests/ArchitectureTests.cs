using System.Reflection;
using System.Xml.Linq;

namespace Oic.Infra.Cli.Tests;

/// <summary>
/// The dependency direction of DESIGN §2: CLI → Toolkit → Automation → (Policies, Synth) → Stacks →
/// Resource model → Estate model. A project may use only projects below it, parts of one layer never
/// use each other, and every project it uses is declared in its .csproj (no undeclared transitive use).
/// Checked on the compiled assemblies (what the code really uses) and on the project files.
/// </summary>
[TestFixture]
public sealed class ArchitectureTests
{
    /// <summary>Layer of each project, lowest first; a project may use only lower layers.</summary>
    public static readonly IReadOnlyDictionary<string, int> Layers = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["Oic.Infra.Estate"] = 0,
        ["Oic.Infra.Resources"] = 1,
        ["Oic.Infra.Stacks"] = 2,
        ["Oic.Infra.Policies"] = 3,
        ["Oic.Infra.Synth"] = 3,
        ["Oic.Infra.Automation"] = 4,
        ["Oic.Infra.Toolkit"] = 5,
        ["Oic.Infra.Cli"] = 6,
    };

    /// <summary>Every use that breaks the direction: "A → B (layer a uses layer b)".</summary>
    public static IReadOnlyList<string> WrongWay(IReadOnlyDictionary<string, IReadOnlyCollection<string>> uses) =>
        [.. uses.SelectMany(u => u.Value.Where(Layers.ContainsKey).Select(target => (From: u.Key, To: target)))
            .Where(e => Layers[e.To] >= Layers[e.From])
            .Select(e => $"{e.From} → {e.To} (layer {Layers[e.From]} uses layer {Layers[e.To]})")
            .Order(StringComparer.Ordinal)];

    /// <summary>Every use not declared as a project reference: "A uses B without declaring it".</summary>
    public static IReadOnlyList<string> Undeclared(IReadOnlyDictionary<string, IReadOnlyCollection<string>> used,
        IReadOnlyDictionary<string, IReadOnlyCollection<string>> declared) =>
        [.. used.SelectMany(u => u.Value.Where(Layers.ContainsKey)
                .Where(t => !declared.TryGetValue(u.Key, out var d) || !d.Contains(t))
                .Select(t => $"{u.Key} uses {t} without declaring it in its .csproj"))
            .Order(StringComparer.Ordinal)];

    [Test]
    public void The_compiled_projects_use_only_layers_below_them()
    {
        Assert.That(WrongWay(CompiledUses()), Is.Empty);
    }

    [Test]
    public void The_project_files_reference_only_layers_below_them()
    {
        Assert.That(WrongWay(DeclaredReferences()), Is.Empty);
    }

    [Test]
    public void Every_project_a_project_uses_is_declared_in_its_csproj()
    {
        Assert.That(Undeclared(CompiledUses(), DeclaredReferences()), Is.Empty);
    }

    [Test]
    public void A_planted_wrong_way_reference_is_caught()
    {
        var uses = DeclaredReferences().ToDictionary(u => u.Key, u => u.Value, StringComparer.Ordinal);
        uses["Oic.Infra.Estate"] = [.. uses["Oic.Infra.Estate"], "Oic.Infra.Policies"];
        uses["Oic.Infra.Policies"] = [.. uses["Oic.Infra.Policies"], "Oic.Infra.Synth"];

        Assert.That(WrongWay(uses), Is.EqualTo(new[]
        {
            "Oic.Infra.Estate → Oic.Infra.Policies (layer 0 uses layer 3)",
            "Oic.Infra.Policies → Oic.Infra.Synth (layer 3 uses layer 3)",
        }));
    }

    [Test]
    public void A_planted_undeclared_transitive_use_is_caught()
    {
        var declared = DeclaredReferences();
        var used = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal) { ["Oic.Infra.Synth"] = ["Oic.Infra.Resources", "Oic.Infra.Estate"] };

        Assert.That(Undeclared(used, declared), Is.EqualTo(new[] { "Oic.Infra.Synth uses Oic.Infra.Estate without declaring it in its .csproj" }));
    }

    [Test]
    public void Every_layer_is_checked()
    {
        Assert.That(CompiledUses().Keys, Is.EquivalentTo(Layers.Keys));
    }

    /// <summary>The projects each compiled assembly references (the compiler keeps only those the code uses).</summary>
    private static Dictionary<string, IReadOnlyCollection<string>> CompiledUses() =>
        Layers.Keys.ToDictionary(name => name, name =>
            (IReadOnlyCollection<string>)[.. Load(name).GetReferencedAssemblies().Select(a => ProjectOf(a.Name!)).Where(Layers.ContainsKey)],
            StringComparer.Ordinal);

    private static Assembly Load(string project) =>
        Assembly.Load(project == "Oic.Infra.Cli" ? "infra" : project);

    private static string ProjectOf(string assembly) => assembly == "infra" ? "Oic.Infra.Cli" : assembly;

    /// <summary>The project references of each project file.</summary>
    private static Dictionary<string, IReadOnlyCollection<string>> DeclaredReferences()
    {
        var files = new[] { "src", "stacks", "policies" }
            .SelectMany(dir => Directory.EnumerateFiles(Path.Combine(Repo.Root, dir), "*.csproj", SearchOption.AllDirectories))
            .Where(f => Layers.ContainsKey(Path.GetFileNameWithoutExtension(f)))
            .ToList();
        return files.ToDictionary(f => Path.GetFileNameWithoutExtension(f), f =>
            (IReadOnlyCollection<string>)[.. XDocument.Load(f).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))],
            StringComparer.Ordinal);
    }
}
