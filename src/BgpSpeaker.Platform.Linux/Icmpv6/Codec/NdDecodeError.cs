namespace BgpSpeaker.Platform.Linux.Icmpv6.Codec;

public enum NdDecodeErrorKind
{
    /// <summary>Shorter than the fixed part of its type (8 octets for RS, 16 for RA).</summary>
    TooShort,

    /// <summary>Neither a Router Solicitation nor a Router Advertisement.</summary>
    UnexpectedType,

    /// <summary>RFC 4861 §6.1: the ICMP code must be 0.</summary>
    NonZeroCode,

    /// <summary>RFC 4861 §6.1: an option with length 0 makes the whole packet invalid.</summary>
    ZeroLengthOption,

    /// <summary>An option's length runs past the end of the packet.</summary>
    TruncatedOption,

    /// <summary>An MTU option whose length is not 1 (8 octets).</summary>
    BadMtuOption,
}

/// <summary>Why a packet was not a valid RS or RA, and at which octet of the ICMPv6 payload.</summary>
public readonly record struct NdDecodeError(NdDecodeErrorKind Kind, int Offset)
{
    public string Describe() => Kind switch
    {
        NdDecodeErrorKind.TooShort => $"packet too short ({Offset} octets)",
        NdDecodeErrorKind.UnexpectedType => "not a Router Solicitation or Advertisement",
        NdDecodeErrorKind.NonZeroCode => "ICMPv6 code is not 0",
        NdDecodeErrorKind.ZeroLengthOption => $"option with length 0 at octet {Offset}",
        NdDecodeErrorKind.TruncatedOption => $"option at octet {Offset} runs past the end of the packet",
        NdDecodeErrorKind.BadMtuOption => $"MTU option at octet {Offset} is not 8 octets long",
        _ => Kind.ToString(),
    };
}

/// <summary>A decoded message, or the error that made the packet invalid (exactly one is set).</summary>
public readonly record struct NdDecodeResult(NdMessage? Message, NdDecodeError? Error)
{
    public static NdDecodeResult Ok(NdMessage message) => new(message, null);

    public static NdDecodeResult Fail(NdDecodeErrorKind kind, int offset) => new(null, new NdDecodeError(kind, offset));
}
