using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Configuration;

/// <summary>A prefix we originate, with the attributes it carries.</summary>
public sealed record NetworkConfig
{
    public required Prefix Prefix { get; init; }

    public ValueList<Community> Communities { get; init; } = [];

    public ValueList<LargeCommunity> LargeCommunities { get; init; } = [];

    /// <summary>MULTI_EXIT_DISC; null sends none.</summary>
    public uint? Med { get; init; }

    /// <summary>Announced only while healthy; null: always announced.</summary>
    public HealthConfig? Health { get; init; }
}
