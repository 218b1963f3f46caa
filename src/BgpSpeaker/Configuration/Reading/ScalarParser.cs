using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BgpSpeaker.Configuration.Reading;

/// <summary>
/// Interprets scalar text strictly; each method reports a message naming the value and returns null on
/// error. Quoting does not matter ("179" and 179 are the same): the file is config, not typed data.
/// </summary>
internal static class ScalarParser
{
    private const uint AsTrans = 23456;

    public static ulong? Number(ConfigValue v, ErrorSink errors, ulong min, ulong max, string unit = "")
    {
        string range = $"{min}..{max}{unit}";
        if (!TryDecimal(v.Text, out ulong n))
        {
            errors.Add(v, $"{v.Label} must be a number {range}, got '{v.Text}'");
            return null;
        }
        if (n < min || n > max)
        {
            errors.Add(v, $"{v.Label} must be {range}, got {n}");
            return null;
        }
        return n;
    }

    /// <summary>Seconds as a TimeSpan.</summary>
    public static TimeSpan? Seconds(ConfigValue v, ErrorSink errors, ulong min, ulong max) =>
        Number(v, errors, min, max, " seconds") is { } n ? TimeSpan.FromSeconds(n) : null;

    /// <summary>RFC 4271 §4.2: zero, or at least three seconds.</summary>
    public static Wire.Messages.HoldTime? HoldTime(ConfigValue v, ErrorSink errors)
    {
        if (TryDecimal(v.Text, out ulong n) && Wire.Messages.HoldTime.IsValid(n))
        {
            return Wire.Messages.HoldTime.FromSeconds(n);
        }
        errors.Add(v, $"{v.Label} must be 0 or 3..65535 seconds, got '{v.Text}'");
        return null;
    }

    /// <summary>An AS number in asplain (65536) or asdot (1.0, RFC 5396) notation.</summary>
    public static uint? Asn(ConfigValue v, ErrorSink errors)
    {
        if (!TryAsn(v.Text, out uint asn))
        {
            errors.Add(v, $"{v.Label} must be an AS number 1..4294967295, got '{v.Text}'");
            return null;
        }
        return CheckUsableAsn(v, asn, errors);
    }

    public static RemoteAs? RemoteAs(ConfigValue v, ErrorSink errors)
    {
        switch (v.Text)
        {
            case "external":
                return Configuration.RemoteAs.External;
            case "internal":
                return Configuration.RemoteAs.Internal;
        }
        if (TryAsn(v.Text, out uint asn))
        {
            return CheckUsableAsn(v, asn, errors) is { } usable ? Configuration.RemoteAs.Of(usable) : null;
        }
        string hint = Suggestions.Hint(v.Text, ["external", "internal"]);
        errors.Add(v, $"{v.Label} must be a number, \"external\" or \"internal\", got '{v.Text}'{hint}");
        return null;
    }

    public static bool? Bool(ConfigValue v, ErrorSink errors)
    {
        switch (v.Text)
        {
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
        }
        errors.Add(v, $"{v.Label} must be true or false, got '{v.Text}'");
        return null;
    }

    /// <summary>One of a few names, e.g. accept/reject.</summary>
    public static T? Choice<T>(ConfigValue v, ErrorSink errors, IReadOnlyDictionary<string, T> choices) where T : struct
    {
        if (choices.TryGetValue(v.Text, out var value))
        {
            return value;
        }
        string hint = Suggestions.Hint(v.Text, choices.Keys);
        errors.Add(v, $"{v.Label} must be one of {string.Join(", ", choices.Keys)}, got '{v.Text}'{hint}");
        return null;
    }

    /// <summary>Exactly four decimal octets: IPAddress.Parse would also take "10.1" or "167772161".</summary>
    public static IPAddress? Ipv4(ConfigValue v, ErrorSink errors)
    {
        if (TryParseAddress(v.Text, out var address) && address.AddressFamily == AddressFamily.InterNetwork)
        {
            return address;
        }
        errors.Add(v, $"{v.Label} must be an IPv4 address (a.b.c.d), got '{v.Text}'");
        return null;
    }

    /// <summary>An IPv4 dotted quad or an IPv6 address, without a %scope.</summary>
    public static IPAddress? Address(ConfigValue v, ErrorSink errors)
    {
        if (TryParseAddress(v.Text, out var address))
        {
            return address;
        }
        errors.Add(v, $"{v.Label} must be an IPv4 or IPv6 address, got '{v.Text}'");
        return null;
    }

    /// <summary>ADDRESS:PORT with an IPv6 address in brackets ("127.0.0.1:9179", "[::1]:6443"), port 1..65535.</summary>
    public static bool TryParseEndPoint(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        int colon = text.LastIndexOf(':');
        string host = colon > 0 ? text[..colon] : "";
        bool bracketed = host.StartsWith('[') && host.EndsWith(']');
        if ((bracketed || !host.Contains(':', StringComparison.Ordinal)) && TryParseAddress(bracketed ? host[1..^1] : host, out var address)
            && ushort.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out ushort port) && port > 0)
        {
            endPoint = new IPEndPoint(address, port);
        }
        return endPoint is not null;
    }

    public static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            // IPv6; a %scope is handled by the caller, and IPAddress would resolve it against this host.
            if (text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var v6)
                || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }
            address = v6;
            return true;
        }
        return TryParseDottedQuad(text, out address);
    }

    private static bool TryParseDottedQuad(string text, out IPAddress address)
    {
        address = IPAddress.None;
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }
        Span<byte> octets = stackalloc byte[4];
        for (int i = 0; i < 4; i++)
        {
            // No leading zeros: "010" is octal to some tools and decimal to others.
            if (parts[i].Length is 0 or > 3 || (parts[i].Length > 1 && parts[i][0] == '0')
                || !TryDecimal(parts[i], out ulong octet) || octet > 255)
            {
                return false;
            }
            octets[i] = (byte)octet;
        }
        address = new IPAddress(octets);
        return true;
    }

    /// <summary>Plain decimal digits only: no sign, spaces, hex or exponents.</summary>
    public static bool TryDecimal(string text, out ulong value)
    {
        value = 0;
        return text.Length > 0 && text.All(char.IsAsciiDigit)
            && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryAsn(string text, out uint asn)
    {
        asn = 0;
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            if (TryDecimal(text, out ulong plain) && plain <= uint.MaxValue)
            {
                asn = (uint)plain;
                return true;
            }
            return false;
        }
        if (TryDecimal(text[..dot], out ulong high) && TryDecimal(text[(dot + 1)..], out ulong low)
            && high <= ushort.MaxValue && low <= ushort.MaxValue)
        {
            asn = (uint)((high << 16) | low);
            return true;
        }
        return false;
    }

    private static uint? CheckUsableAsn(ConfigValue v, uint asn, ErrorSink errors)
    {
        switch (asn)
        {
            case 0:
                errors.Add(v, $"{v.Label} must not be 0 (reserved, RFC 7607)");
                return null;
            case AsTrans:
                errors.Add(v, $"{v.Label} must not be 23456 (AS_TRANS, RFC 6793: a placeholder, never a real AS)");
                return null;
            default:
                return asn;
        }
    }
}
