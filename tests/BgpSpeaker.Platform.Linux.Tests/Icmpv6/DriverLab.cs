using System.Threading.Channels;
using BgpSpeaker.Platform.Linux.Icmpv6;
using BgpSpeaker.Platform.Linux.Icmpv6.Discovery;
using BgpSpeaker.Platform.Linux.Tests.Lab;

namespace BgpSpeaker.Platform.Linux.Tests.Icmpv6;

/// <summary>A driver started inside a namespace and fed what the netlink monitor would feed it.</summary>
internal static class DriverLab
{
    /// <summary>Starts a driver in <paramref name="ns"/> with the interface up and its address as <paramref name="facts"/> says.</summary>
    public static RouterDiscoveryDriver StartOn(TestNamespace ns, string device, LinkFacts facts, RouterDiscoveryOptions? options = null)
    {
        var driver = ns.Enter(() => RouterDiscoveryDriver.Start(options));
        driver.AddInterface(new FabricInterface(facts.Index, device), facts.Mac);
        driver.LinkUp(facts.Index);
        if (facts.Tentative)
        {
            driver.AddressTentative(facts.Index, facts.LinkLocal!);
        }
        else
        {
            driver.AddressUsable(facts.Index, facts.LinkLocal!);
        }
        return driver;
    }

    /// <summary>The first event of type <typeparamref name="T"/>; fails with every event seen when none comes in time.</summary>
    public static async Task<T> NextAsync<T>(ChannelReader<RouterDiscoveryEvent> events, TimeSpan timeout, params RouterDiscoveryDriver[] explain)
        where T : RouterDiscoveryEvent
    {
        var seen = new List<string>();
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var e in events.ReadAllAsync(timer.Token))
            {
                seen.Add(e.Describe());
                if (e is T wanted)
                {
                    return wanted;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        var drivers = explain.Select(d => $"{string.Join(", ", d.Interfaces.Select(i => $"{i.Description} (send error: {i.LastSendError ?? "none"})"))} {d.Counters}");
        Assert.Fail($"no {typeof(T).Name} within {timeout.TotalSeconds} s; events: {string.Join(" | ", seen)}; drivers: {string.Join(" || ", drivers)}");
        return null!;
    }

    /// <summary>Every event that arrives within <paramref name="time"/>.</summary>
    public static async Task<List<RouterDiscoveryEvent>> DuringAsync(ChannelReader<RouterDiscoveryEvent> events, TimeSpan time)
    {
        var seen = new List<RouterDiscoveryEvent>();
        using var timer = new CancellationTokenSource(time);
        try
        {
            await foreach (var e in events.ReadAllAsync(timer.Token))
            {
                seen.Add(e);
            }
        }
        catch (OperationCanceledException)
        {
        }
        return seen;
    }
}
