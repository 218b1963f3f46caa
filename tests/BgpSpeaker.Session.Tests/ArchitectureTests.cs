using BgpSpeaker.Session.Fsm;

namespace BgpSpeaker.Session.Tests;

/// <summary>DESIGN §3: the session core stays pure; sockets, hosting and logging live at the edge.</summary>
public class ArchitectureTests
{
    [Fact]
    public void SessionReferencesNeitherExtensionsNorSockets()
    {
        var references = typeof(SessionFsm).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("BgpSpeaker.Wire", references);
        Assert.DoesNotContain(references, n => n.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal));
        Assert.DoesNotContain("System.Net.Sockets", references);
    }
}
