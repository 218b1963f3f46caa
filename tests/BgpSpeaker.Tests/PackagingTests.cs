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
        // The image's root gets it (and the packaging tests find it in the built image).
        Assert.Contains("\"$here/rt_protos.d/bgpspeaker.conf\" \"$rootfs/etc/iproute2/rt_protos.d/bgpspeaker.conf\"",
            File.ReadAllText(Path.Combine(ArchitectureTests.RepositoryRoot(), "src/BgpSpeaker/Packaging/build.sh")), StringComparison.Ordinal);
    }
}
