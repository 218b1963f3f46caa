using static BgpSpeaker.Tests.Configuration.ConfigAssert;

namespace BgpSpeaker.Tests.Configuration;

public class PolicyErrorTests
{
    [Theory]
    [InlineData("- 10.0.0.0/8 ge 7", 7, "prefix list l: 10.0.0.0/8: ge 7 must be between the prefix length 8 and 32")]
    [InlineData("- 10.0.0.0/8 le 33", 7, "prefix list l: 10.0.0.0/8: le 33 must be between the prefix length 8 and 32")]
    [InlineData("- 10.0.0.0/8 ge 25 le 24", 7, "prefix list l: 10.0.0.0/8: ge 25 must not be greater than le 24")]
    [InlineData("- 2001:db8::/32 le 129", 7, "prefix list l: an entry must be \"prefix [ge N] [le N]\" (e.g. \"10.0.0.0/8 ge 24 le 32\"), got '2001:db8::/32 le 129'")]
    [InlineData("- 10.0.0.0/8 le 24 ge 16", 7, "prefix list l: an entry must be \"prefix [ge N] [le N]\" (e.g. \"10.0.0.0/8 ge 24 le 32\"), got '10.0.0.0/8 le 24 ge 16'")]
    [InlineData("- 10.0.0.0/8 gt 24", 7, "prefix list l: an entry must be \"prefix [ge N] [le N]\" (e.g. \"10.0.0.0/8 ge 24 le 32\"), got '10.0.0.0/8 gt 24'")]
    [InlineData("- 10.0.0.1/8", 7, "10.0.0.1/8 has host bits set; did you mean 10.0.0.0/8?")]
    [InlineData("- {prefix: 10.0.0.0/8, ge: 40}", 32, "prefix list l: 10.0.0.0/8: ge 40 must be between the prefix length 8 and 32")]
    [InlineData("- {prefix: 10.0.0.0/8, gee: 24}", 28, "unknown key 'gee' in an entry of prefix list l; did you mean 'ge'?")]
    [InlineData("- {ge: 24}", 7, "an entry of prefix list l is missing 'prefix' (e.g. 10.0.0.0/8)")]
    [InlineData("- [10.0.0.0/8]", 7, "each entry of prefix list l must be \"prefix [ge N] [le N]\" or a mapping {prefix, ge, le}, got a list")]
    public void PrefixListErrors(string entry, int column, string message) =>
        SingleError(Header + $"prefixLists:\n  l:\n    {entry}\n", 5, column, message);

    [Fact]
    public void PrefixListMustBeAList() =>
        SingleError(Header + "prefixLists:\n  l: 10.0.0.0/8\n", 4, 6, "prefix list l must be a list of entries such as \"10.0.0.0/8 le 32\", got a single value");

    private static void PolicyError(string policy, int line, int column, string message) =>
        SingleError(Header + "prefixLists:\n  bogons: [10.0.0.0/8]\npolicies:\n  p:\n" + policy, line, column, message);

    [Fact]
    public void UnknownPrefixListWithDidYouMean() =>
        PolicyError("    - match: { prefixLists: [bogon] }\n      action: reject\n", 7, 30, "unknown prefix list 'bogon'; did you mean 'bogons'?");

    [Fact]
    public void PrependCountOutOfRange() =>
        PolicyError("    - set: { prepend: { count: 11 } }\n", 7, 32, "count must be 1..10, got 11");

    [Fact]
    public void PrependShorthandOutOfRange() =>
        PolicyError("    - set: { prepend: 0 }\n", 7, 23, "prepend must be 1..10, got 0");

    [Fact]
    public void CommunityThatDoesNotParse() =>
        PolicyError("    - set: { communities: { add: [\"65536:1\"] } }\n", 7, 35,
            "add must be asn:value (each 0..65535) or one of no-export, no-advertise, no-export-subconfed, graceful-shutdown, got '65536:1'");

    [Fact]
    public void MatchCommunityThatDoesNotParse() =>
        PolicyError("    - match: { largeCommunities: [\"1:2\"] }\n      action: reject\n", 7, 35,
            "largeCommunities must be global:local1:local2 (each 0..4294967295), got '1:2'");

    [Fact]
    public void UnknownMatchKeyWithDidYouMean() =>
        PolicyError("    - match: { prefixList: bogons }\n      action: reject\n", 7, 16, "unknown key 'prefixList' in match; did you mean 'prefixLists'?");

    [Fact]
    public void UnknownSetKeyWithDidYouMean() =>
        PolicyError("    - set: { localpref: 100 }\n", 7, 14, "unknown key 'localpref' in set; did you mean 'localPref'?");

    [Fact]
    public void UnknownTermKey() =>
        Assert.Equal("unknown key 'then' in a term of policy p", Errors(Header + "policies:\n  p:\n    - then: accept\n")[0].Message);

    [Fact]
    public void TermThatDoesNothing() =>
        PolicyError("    - match: { family: ipv4 }\n", 7, 7,
            "a term of policy p is missing 'action' (accept, reject or next); a term without set or action does nothing");

    [Fact]
    public void BadActionSourceAndFamily()
    {
        var errors = Errors(Header + "policies:\n  p:\n    - match: { source: local, family: ipv5 }\n      action: acept\n");

        Assert.Equal(
        [
            "bgpspeaker.yaml:5:24: source must be one of networks, redistributed, learned, got 'local'",
            "bgpspeaker.yaml:5:39: family must be one of ipv4, ipv6, got 'ipv5'; did you mean 'ipv4'?",
            "bgpspeaker.yaml:6:15: action must be one of accept, reject, next, got 'acept'; did you mean 'accept'?",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void BadDefault() =>
        SingleError(Header + "policies:\n  p:\n    default: next\n    terms: []\n", 5, 14, "default must be one of accept, reject, got 'next'");

    [Fact]
    public void UnknownPolicyKeyWithDidYouMean() =>
        SingleError(Header + "policies:\n  p:\n    term: []\n", 5, 5, "unknown key 'term' in policy p; did you mean 'terms'?");

    [Theory]
    [InlineData("accept")]
    [InlineData("local-routes")]
    public void PolicyNamedLikeAPreset(string name) =>
        SingleError(Header + $"policies:\n  {name}: []\n", 4, 3,
            $"policy '{name}' has the name of a preset (accept, reject, local-routes, host-routes, default-route); choose another name");

    [Fact]
    public void UnknownPolicyInNeighborWithDidYouMean() =>
        SingleError(Header + "policies:\n  tag-node: [{action: accept}]\nneighbors:\n  - address: 10.255.0.1\n    remoteAs: 65001\n    import: accept\n    export: tag-nodes\n", 9, 13,
            "unknown policy 'tag-nodes' in export; did you mean 'tag-node'? (presets: accept, reject, local-routes, host-routes, default-route; or a name under policies)");

    [Fact]
    public void PoliciesMustBeAMapping() =>
        SingleError(Header + "policies: [a]\n", 3, 11, "policies must be a mapping of names to policies, got a list");

    [Fact]
    public void TooManyPrefixListsInOnePolicy()
    {
        var lists = string.Concat(Enumerable.Range(0, 65).Select(i => $"  l{i}: [10.{i}.0.0/16]\n"));
        var names = string.Join(", ", Enumerable.Range(0, 65).Select(i => $"l{i}"));

        var errors = Errors(Header + "prefixLists:\n" + lists + $"policies:\n  p:\n    - match: {{ prefixLists: [{names}] }}\n      action: accept\n");

        Assert.Equal("policy p names 65 prefix lists; at most 64 are allowed (merge some)", Assert.Single(errors).Message);
    }
}
