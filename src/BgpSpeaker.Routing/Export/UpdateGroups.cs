using System.Runtime.InteropServices;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Export;

/// <summary>
/// Prefixes grouped by the outgoing attribute set they will be sent with, plus withdrawals: the shape
/// UPDATEs are packed from. The lists keep their capacity between runs.
/// </summary>
internal sealed class UpdateGroups
{
    private readonly Dictionary<int, List<NlriEntry>> _byAttributes = [];
    private readonly List<int> _used = [];

    public List<NlriEntry> Withdrawals { get; } = [];

    public void Announce(int attributeId, Prefix prefix)
    {
        ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(_byAttributes, attributeId, out _);
        list ??= [];
        if (list.Count == 0)
        {
            _used.Add(attributeId);
        }
        list.Add(new NlriEntry(prefix, 0));
    }

    /// <summary>The groups filled since the last <see cref="Clear"/>, in the order they were first used.</summary>
    public IEnumerable<(int AttributeId, List<NlriEntry> Prefixes)> Announcements => _used.Select(id => (id, _byAttributes[id]));

    public void Clear()
    {
        foreach (int id in _used)
        {
            _byAttributes[id].Clear();
        }
        _used.Clear();
        Withdrawals.Clear();
        if (_byAttributes.Count > 4096)
        {
            _byAttributes.Clear(); // attribute ids come and go; don't keep a list for every one ever seen
        }
    }
}
