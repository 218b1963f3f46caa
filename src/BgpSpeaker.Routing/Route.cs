using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing;

/// <summary>A path to a prefix as learned from (or sent to) one peer. Attribute sets are shared between routes.</summary>
public readonly record struct Route(Prefix Prefix, uint PathId, PathAttributes Attributes, NextHop NextHop);
