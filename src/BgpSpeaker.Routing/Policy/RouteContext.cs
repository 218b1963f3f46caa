using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Policy;

/// <summary>What a policy looks at: one route.</summary>
public readonly struct RouteContext(Prefix prefix, PathAttributes attributes, RouteSource source)
{
    public Prefix Prefix { get; } = prefix;

    public PathAttributes Attributes { get; } = attributes;

    public RouteSource Source { get; } = source;
}

/// <summary>A policy's verdict: rejected, or accepted with the attributes to use.</summary>
public readonly struct PolicyResult : IEquatable<PolicyResult>
{
    private PolicyResult(PathAttributes? attributes) => Attributes = attributes;

    public static PolicyResult Reject => default;

    /// <summary>The attributes after the policy's <c>set</c> actions; the input instance when none changed anything.</summary>
    public PathAttributes? Attributes { get; }

    public bool IsAccepted => Attributes is not null;

    public static PolicyResult Accept(PathAttributes attributes) => new(attributes ?? throw new ArgumentNullException(nameof(attributes)));

    public bool Equals(PolicyResult other) => Equals(Attributes, other.Attributes);

    public override bool Equals(object? obj) => obj is PolicyResult other && Equals(other);

    public override int GetHashCode() => Attributes?.GetHashCode() ?? 0;

    public static bool operator ==(PolicyResult left, PolicyResult right) => left.Equals(right);

    public static bool operator !=(PolicyResult left, PolicyResult right) => !left.Equals(right);

    public override string ToString() => IsAccepted ? "accept" : "reject";
}
