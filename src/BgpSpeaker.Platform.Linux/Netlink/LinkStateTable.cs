using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>
/// The monitor's memory of every link and address, so that it reports changes only (the kernel repeats
/// RTM_NEWLINK/NEWADDR for things we do not track, such as lifetimes) and can tell what vanished while
/// notifications were lost: a resynchronisation marks what a fresh dump shows, and whatever it did not
/// show is reported removed. Pure: no I/O.
/// </summary>
internal sealed class LinkStateTable
{
    private readonly Dictionary<int, LinkState> _links = [];
    private readonly Dictionary<AddressKey, AddressState> _addresses = [];
    private readonly HashSet<int> _seenLinks = [];
    private readonly HashSet<AddressKey> _seenAddresses = [];
    private bool _resynchronising;

    private readonly record struct AddressKey(int InterfaceIndex, Afi Family, UInt128 Address, int PrefixLength);

    public int LinkCount => _links.Count;

    public int AddressCount => _addresses.Count;

    /// <summary>Starts a full re-read: from now on, what is not seen before <see cref="EndResynchronisation"/> is gone.</summary>
    public void BeginResynchronisation()
    {
        _resynchronising = true;
        _seenLinks.Clear();
        _seenAddresses.Clear();
    }

    public void EndResynchronisation(List<LinkEvent> changes)
    {
        if (!_resynchronising)
        {
            return;
        }
        _resynchronising = false;
        foreach (var link in _links.Values.Where(l => !_seenLinks.Contains(l.Index)).ToList())
        {
            Apply(link with { Removed = true }, changes);
        }
        foreach (var address in _addresses.Where(a => !_seenAddresses.Contains(a.Key)).Select(a => a.Value).ToList())
        {
            Apply(address with { Removed = true }, changes);
        }
    }

    public void Apply(LinkState state, List<LinkEvent> changes)
    {
        if (state.Removed)
        {
            if (_links.Remove(state.Index))
            {
                changes.Add(state);
                RemoveAddressesOf(state.Index, changes);
            }
            return;
        }
        _seenLinks.Add(state.Index);
        if (!_links.TryGetValue(state.Index, out var known) || known != state)
        {
            _links[state.Index] = state;
            changes.Add(state);
        }
    }

    public void Apply(AddressState state, List<LinkEvent> changes)
    {
        var key = new AddressKey(state.InterfaceIndex, state.Family, state.Address, state.PrefixLength);
        if (state.Removed)
        {
            if (_addresses.Remove(key))
            {
                changes.Add(state);
            }
            return;
        }
        _seenAddresses.Add(key);
        if (!_addresses.TryGetValue(key, out var known) || known != state)
        {
            _addresses[key] = state;
            changes.Add(state);
        }
    }

    // The kernel announces each address's removal when a link goes, but do not depend on it.
    private void RemoveAddressesOf(int index, List<LinkEvent> changes)
    {
        foreach (var (key, address) in _addresses.Where(a => a.Key.InterfaceIndex == index).ToList())
        {
            _addresses.Remove(key);
            changes.Add(address with { Removed = true });
        }
    }
}
