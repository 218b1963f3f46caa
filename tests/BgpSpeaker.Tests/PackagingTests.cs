using BgpSpeaker.Platform.Linux.Fib;

namespace BgpSpeaker.Tests;

/// <summary>What the image and the Talos extension ship beside the binary.</summary>
public sealed class PackagingTests
{
    [Fact]
    public void TheRouteProtocolFileNamesTheNumberTheFibWriterUses()
    {
        string file = Path.Combine(ArchitectureTests.RepositoryRoot(), "src/BgpSpeaker/Packaging/rt_protos.d/bgpspeaker.conf");
        var entries = File.ReadAllLines(file)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        var entry = Assert.Single(entries);
        Assert.Equal([FibOptions.DefaultProtocol.ToString(System.Globalization.CultureInfo.InvariantCulture), "bgpspeaker"], entry);
        Assert.Contains("rt_protos.d/bgpspeaker.conf /etc/iproute2/rt_protos.d/bgpspeaker.conf", File.ReadAllText(Path.Combine(ArchitectureTests.RepositoryRoot(), "Dockerfile")));
    }
}
