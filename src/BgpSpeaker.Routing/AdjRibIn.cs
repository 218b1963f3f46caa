using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing;

/// <summary>What one UPDATE changed in an Adj-RIB-In.</summary>
public readonly record struct RibChange(int Announced, int Withdrawn);

/// <summary>
/// The routes one peer sent us (RFC 4271 §3.2), before policy. Applying an UPDATE follows RFC 7606:
/// treat-as-withdraw turns every reachable prefix in it into a withdrawal. The prefix count is a
/// stored number, updated as routes come and go.
/// </summary>
public sealed class AdjRibIn(AttributeInterner interner)
{
    private readonly Dictionary<(Prefix Prefix, uint PathId), Route> _routes = [];

    public int Count => _routes.Count;

    public int CountOf(Afi afi) => afi == Afi.Ipv4 ? _ipv4 : _routes.Count - _ipv4;

    private int _ipv4;

    public IEnumerable<Route> Routes => _routes.Values;

    public bool TryGet(Prefix prefix, uint pathId, out Route route) => _routes.TryGetValue((prefix, pathId), out route);

    /// <summary>
    /// Applies one UPDATE. Routes <paramref name="reject"/> refuses (an AS loop, say) are not stored,
    /// and replace any earlier route for the prefix as a withdrawal would.
    /// </summary>
    public RibChange Apply(UpdateMessage update, Func<Wire.Attributes.PathAttributes, bool>? reject = null)
    {
        int announced = 0, withdrawn = 0;
        withdrawn += Withdraw(update.Withdrawn);
        if (update.MpUnreach is { } unreach)
        {
            withdrawn += Withdraw(unreach.Withdrawn);
        }
        bool treatAsWithdraw = update.Action == ErrorAction.TreatAsWithdraw || update.Attributes is null
            || (reject is not null && reject(update.Attributes));
        if (treatAsWithdraw)
        {
            withdrawn += Withdraw(update.Nlri);
            if (update.MpReach is { } badReach)
            {
                withdrawn += Withdraw(badReach.Nlri);
            }
            return new RibChange(0, withdrawn);
        }
        var attributes = interner.Intern(update.Attributes!);
        if (update.NextHop is { } nextHop)
        {
            announced += Announce(update.Nlri, attributes, nextHop);
        }
        if (update.MpReach is { } reach)
        {
            announced += Announce(reach.Nlri, attributes, reach.NextHop);
        }
        return new RibChange(announced, withdrawn);
    }

    public void Clear()
    {
        _routes.Clear();
        _ipv4 = 0;
    }

    private int Announce(NlriBlock block, Wire.Attributes.PathAttributes attributes, NextHop nextHop)
    {
        foreach (var entry in block)
        {
            var key = (entry.Prefix, entry.PathId);
            if (_routes.TryAdd(key, new Route(entry.Prefix, entry.PathId, attributes, nextHop)))
            {
                _ipv4 += entry.Prefix.Afi == Afi.Ipv4 ? 1 : 0;
            }
            else
            {
                _routes[key] = new Route(entry.Prefix, entry.PathId, attributes, nextHop);
            }
        }
        return block.Count;
    }

    private int Withdraw(NlriBlock block)
    {
        int removed = 0;
        foreach (var entry in block)
        {
            if (_routes.Remove((entry.Prefix, entry.PathId)))
            {
                removed++;
                _ipv4 -= entry.Prefix.Afi == Afi.Ipv4 ? 1 : 0;
            }
        }
        return removed;
    }
}
