using BgpSpeaker.Configuration.Reading;
using BgpSpeaker.Configuration.Schema;
using BgpSpeaker.Configuration.Yaml;
using BgpSpeaker.TestSupport;

namespace BgpSpeaker.Tests.Configuration;

/// <summary>The schema is the one description of the file: the README's reference is rendered from it, and readers cannot step outside it.</summary>
public class ConfigReferenceTests
{
    [Fact]
    public void TheReadmeHoldsTheReferenceAsRendered()
    {
        string readme = File.ReadAllText(Repository.PathOf("README.md"));
        int begin = readme.IndexOf(ConfigReference.Begin, StringComparison.Ordinal);
        int end = readme.IndexOf(ConfigReference.End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "README.md lacks the configuration reference markers");
        string inReadme = readme[(begin + ConfigReference.Begin.Length)..end].Trim('\n') + "\n";
        Assert.True(inReadme == ConfigReference.Markdown(),
            "README.md's configuration reference is stale: replace it with the output of `dotnet run --project src/BgpSpeaker -- config reference`");
    }

    [Fact]
    public void EverySectionIsReachableFromTheTopAndEveryKeyIsDocumented()
    {
        var reachable = new HashSet<ConfigSection>();
        var pending = new Stack<ConfigSection>([ConfigSchema.Root.Section]);
        while (pending.TryPop(out var section))
        {
            if (reachable.Add(section))
            {
                foreach (var nested in section.Keys.Select(k => k.Section).OfType<ConfigSection>())
                {
                    pending.Push(nested);
                }
            }
        }
        Assert.Equal(reachable.OrderBy(s => s.Path), ConfigSchema.All.OrderBy(s => s.Path));
        Assert.Equal(ConfigSchema.All.Count, ConfigSchema.All.Select(s => s.Path).Distinct().Count());
        foreach (var section in ConfigSchema.All)
        {
            Assert.Equal(section.Keys.Count, section.Names.Count); // no key twice
            Assert.All(section.Keys, k => Assert.False(string.IsNullOrWhiteSpace(k.Doc) || string.IsNullOrWhiteSpace(k.Type), $"{section.Path}.{k.Name} is undocumented"));
        }
    }

    [Fact]
    public void AReaderThatAsksForAnUndeclaredKeyFailsLoudly()
    {
        var errors = new ErrorSink("test.yaml");
        var node = YamlTreeBuilder.Build("port: 179\n", errors);
        var listen = MappingReader.Open(node!, ConfigSchema.Listen.Section, errors)!;
        Assert.Equal(179UL, listen.Get(ConfigSchema.Listen.Port));
        var thrown = Assert.Throws<InvalidOperationException>(() => listen.Scalar("prot"));
        Assert.Contains("'prot'", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TypedKeysSayTheirRangeInTheReferenceAndInTheError()
    {
        Assert.Equal("number 1..1024", ConfigSchema.LocalPeer.MaxPeers.Type);
        ConfigAssert.SingleError(ConfigAssert.Header + "multipath: { maximumPaths: 65 }\n", 3, 28, "maximumPaths must be 1..64, got 65");
        Assert.Contains("| `maximumPaths` | number 1..64 | 16 |", ConfigReference.Markdown(), StringComparison.Ordinal);
    }
}
