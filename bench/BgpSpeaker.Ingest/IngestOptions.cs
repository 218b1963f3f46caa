using System.Globalization;

namespace BgpSpeaker.Ingest;

internal sealed record IngestOptions
{
    public string? Daemon { get; init; }

    /// <summary>The install prefix of a BIRD 3 (DIR/sbin/bird), the receiver "bird3".</summary>
    public string? Bird3 { get; init; }

    public string[] Receivers { get; init; } = ["bgpspeaker"];

    public int Runs { get; init; } = 3;

    /// <summary>IPv4 prefixes in the table.</summary>
    public int Prefixes { get; init; } = 1_000_000;

    /// <summary>IPv6 prefixes in the table besides the IPv4 ones (MP_REACH_NLRI on the same sessions).</summary>
    public int Ipv6Prefixes { get; init; }

    public int AttributeSets { get; init; } = 1_000;

    public int Port { get; init; } = 17_900;

    /// <summary>How often the polled pass asks the receiver for its table size.</summary>
    public int PollMilliseconds { get; init; } = 20;

    /// <summary>The FIB benchmark: receivers install into the kernel, no sink, kernel counts instead of table counts.</summary>
    public bool Fib { get; init; }

    public string? Error { get; init; }

    public static IngestOptions Parse(string[] args)
    {
        var options = new IngestOptions();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--fib")
            {
                options = options with { Fib = true };
                continue;
            }
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            if (value is null)
            {
                return new() { Error = $"{args[i]} needs a value" };
            }
            i++;
            options = args[i - 1] switch
            {
                "--daemon" => options with { Daemon = value },
                "--receivers" => options with { Receivers = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--runs" => options with { Runs = Number(value, 1, 20) ?? -1 },
                "--bird3" => options with { Bird3 = value },
                "--prefixes" => options with { Prefixes = Number(value, 1_000, 5_000_000) ?? -1 },
                "--ipv6-prefixes" => options with { Ipv6Prefixes = Number(value, 0, 5_000_000) ?? -1 },
                "--attribute-sets" => options with { AttributeSets = Number(value, 1, 100_000) ?? -1 },
                "--port" => options with { Port = Number(value, 1_024, 65_535) ?? -1 },
                "--poll-ms" => options with { PollMilliseconds = Number(value, 1, 1_000) ?? -1 },
                var other => new() { Error = $"unknown option {other}; use --daemon, --bird3, --receivers, --runs, --prefixes, --ipv6-prefixes, --attribute-sets, --port, --poll-ms, --fib" },
            };
            if (options.Error is not null)
            {
                return options;
            }
            if (options.Runs < 0 || options.Prefixes < 0 || options.Ipv6Prefixes < 0 || options.AttributeSets < 0 || options.Port < 0
                || options.PollMilliseconds < 0)
            {
                return new() { Error = $"{args[i - 1]} {value}: out of range" };
            }
        }
        string[] known = options.Fib ? ["bgpspeaker", "bird", "bird3", "frr"] : ["bgpspeaker", "bird", "bird3"];
        if (options.Receivers.Except(known).FirstOrDefault() is { } unknown)
        {
            return new() { Error = $"unknown receiver '{unknown}'; use {string.Join(", ", known)}" };
        }
        if (options.Receivers.Contains("bgpspeaker") && options.Daemon is null)
        {
            return new() { Error = "--daemon PATH (the bgpspeaker binary or bgpspeaker.dll) is required" };
        }
        if (options.Receivers.Contains("bird3") && options.Bird3 is null)
        {
            return new() { Error = "--bird3 DIR (the install prefix holding sbin/bird) is required for the receiver bird3" };
        }
        if (options.Fib && options.Ipv6Prefixes > 0)
        {
            return new() { Error = "--ipv6-prefixes: the FIB benchmark watches the kernel's IPv4 routes only" };
        }
        return options;
    }

    private static int? Number(string text, int min, int max) =>
        int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max ? n : null;
}
