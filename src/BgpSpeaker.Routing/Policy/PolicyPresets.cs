using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Policy;

/// <summary>The built-in policies a neighbor's import or export can name without defining anything.</summary>
public static class PolicyPresets
{
    public const string Accept = "accept";
    public const string Reject = "reject";
    public const string LocalRoutes = "local-routes";
    public const string HostRoutes = "host-routes";
    public const string DefaultRoute = "default-route";

    /// <summary>/32 and /128 only.</summary>
    public static PrefixList HostRoutesList { get; } = new("host-routes",
    [
        PrefixListEntry.Create(Prefix.Parse("0.0.0.0/0"), ge: 32),
        PrefixListEntry.Create(Prefix.Parse("::/0"), ge: 128),
    ]);

    /// <summary>0.0.0.0/0 and ::/0 only.</summary>
    public static PrefixList DefaultRouteList { get; } = new("default-route",
    [
        PrefixListEntry.Create(Prefix.Parse("0.0.0.0/0")),
        PrefixListEntry.Create(Prefix.Parse("::/0")),
    ]);

    private static readonly Dictionary<string, PrefixList> Lists = new(StringComparer.Ordinal)
    {
        [HostRoutesList.Name] = HostRoutesList,
        [DefaultRouteList.Name] = DefaultRouteList,
    };

    /// <summary>Every preset by name, in the order the documentation lists them.</summary>
    public static IReadOnlyList<PolicyDefinition> All { get; } =
    [
        new(Accept, [], PolicyAction.Accept),
        new(Reject, [], PolicyAction.Reject),
        new(LocalRoutes, [new PolicyTerm { Match = new() { Sources = RouteSources.Networks | RouteSources.Redistributed }, Action = PolicyAction.Accept }]),
        new(HostRoutes, [new PolicyTerm { Match = new() { PrefixLists = [HostRoutesList.Name] }, Action = PolicyAction.Accept }]),
        new(DefaultRoute, [new PolicyTerm { Match = new() { PrefixLists = [DefaultRouteList.Name] }, Action = PolicyAction.Accept }]),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(p => p.Name)];

    public static bool IsPreset(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>A preset compiled against its own prefix lists (not the configuration's).</summary>
    public static RoutePolicy Compile(string name, uint localAs)
    {
        var definition = All.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"no preset named '{name}'", nameof(name));
        return RoutePolicy.Compile(definition, Lists, localAs);
    }
}
