using System.Reflection;

namespace BgpSpeaker.Tests;

/// <summary>
/// DESIGN §3, the dependency direction, checked on the compiled assemblies: the protocol core stays
/// pure (no hosting, logging or sockets), only Platform.Linux talks to the kernel, and nothing below
/// the executable knows the executable.
/// </summary>
public class ArchitectureTests
{
    private static readonly string[] Ours = ["BgpSpeaker.Wire", "BgpSpeaker.Session", "BgpSpeaker.Routing", "BgpSpeaker.Platform.Linux", "bgpspeaker"];

    /// <summary>Each of our assemblies with what it may not reference.</summary>
    public static TheoryData<string, string[]> Rules => new()
    {
        { "BgpSpeaker.Wire", ["BgpSpeaker.Session", "BgpSpeaker.Routing", "BgpSpeaker.Platform.Linux", "bgpspeaker", "Microsoft.Extensions.", "System.Net.Sockets"] },
        { "BgpSpeaker.Session", ["BgpSpeaker.Routing", "BgpSpeaker.Platform.Linux", "bgpspeaker", "Microsoft.Extensions.", "System.Net.Sockets"] },
        { "BgpSpeaker.Routing", ["BgpSpeaker.Session", "BgpSpeaker.Platform.Linux", "bgpspeaker", "Microsoft.Extensions.", "System.Net.Sockets"] },
        { "BgpSpeaker.Platform.Linux", ["BgpSpeaker.Session", "bgpspeaker", "Microsoft.Extensions."] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void NoForbiddenReference(string assembly, string[] forbidden)
    {
        var references = Load(assembly).GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var broken = references.Where(r => forbidden.Any(f => f.EndsWith('.') ? r.StartsWith(f, StringComparison.Ordinal) : r == f)).ToList();
        Assert.True(broken.Count == 0, $"{assembly} references {string.Join(", ", broken)}");
    }

    [Fact]
    public void EverySourceProjectHasARule()
    {
        var source = Path.Combine(RepositoryRoot(), "src");
        var projects = Directory.GetDirectories(source).Select(Path.GetFileName).Select(n => n == "BgpSpeaker" ? "bgpspeaker" : n!).Order();
        Assert.Equal(Ours.Order(), projects);
        Assert.Equal(Ours.Where(o => o != "bgpspeaker").Order(), Rules.Select(r => (string)r[0]).Order());
    }

    [Fact]
    public void WireReferencesNothingOfOurs() =>
        Assert.DoesNotContain(Load("BgpSpeaker.Wire").GetReferencedAssemblies(), a => Ours.Contains(a.Name));

    private static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));

    internal static string RepositoryRoot() => TestSupport.Repository.Root();
}
