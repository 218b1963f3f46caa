namespace BgpSpeaker.Session.Fsm;

/// <summary>Whom we accept as the peer's AS: one number, one of a list, any AS but ours (eBGP), or ours (iBGP).</summary>
public abstract record ExpectedAs
{
    private ExpectedAs()
    {
    }

    public static readonly ExpectedAs External = new AnyExternal();
    public static readonly ExpectedAs Internal = new SameAs();

    public static ExpectedAs Of(uint asn) => new Number(asn);

    public static ExpectedAs OneOf(IReadOnlyList<uint> asns) => new AnyOf([.. asns]);

    /// <summary>Whether a peer announcing <paramref name="remoteAs"/> is acceptable to a speaker in <paramref name="localAs"/>.</summary>
    public abstract bool Accepts(uint remoteAs, uint localAs);

    public sealed record Number(uint Asn) : ExpectedAs
    {
        public override bool Accepts(uint remoteAs, uint localAs) => remoteAs == Asn;

        public override string ToString() => $"AS{Asn}";
    }

    /// <summary>A local load-balancer peer whose AS is one of a few (each speaker of a pool may differ).</summary>
    public sealed record AnyOf(uint[] Asns) : ExpectedAs
    {
        public override bool Accepts(uint remoteAs, uint localAs) => Asns.AsSpan().Contains(remoteAs);

        public override string ToString() => $"one of AS{string.Join(", AS", Asns)}";
    }

    /// <summary>Unnumbered fabric peers: the leaf's AS is learned from its OPEN ("remote-as external").</summary>
    public sealed record AnyExternal : ExpectedAs
    {
        public override bool Accepts(uint remoteAs, uint localAs) => remoteAs != localAs;

        public override string ToString() => "any external AS";
    }

    public sealed record SameAs : ExpectedAs
    {
        public override bool Accepts(uint remoteAs, uint localAs) => remoteAs == localAs;

        public override string ToString() => "the local AS (internal)";
    }
}
