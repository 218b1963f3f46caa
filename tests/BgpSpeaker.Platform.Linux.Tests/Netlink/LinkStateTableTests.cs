using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Tests.Netlink;

public class LinkStateTableTests
{
    private static readonly LinkState Up1 = new(3, "up1", true, true, true, LinkOperState.Up, false);
    private static readonly AddressState LinkLocal = new(3, Afi.Ipv6, IpAddresses.ParseV6("fe80::1"), 64, AddressFlags.Permanent, false);

    [Fact]
    public void OnlyChangesAreReported()
    {
        var table = new LinkStateTable();
        var changes = new List<LinkEvent>();

        table.Apply(Up1, changes);
        table.Apply(Up1 with { }, changes);
        table.Apply(LinkLocal, changes);
        table.Apply(LinkLocal with { }, changes);
        table.Apply(Up1 with { LowerUp = false }, changes);

        Assert.Equal<LinkEvent>([Up1, LinkLocal, Up1 with { LowerUp = false }], changes);
    }

    [Fact]
    public void RemovingALinkRemovesItsAddressesAndUnknownRemovalsAreSilent()
    {
        var table = new LinkStateTable();
        var changes = new List<LinkEvent>();
        table.Apply(Up1, changes);
        table.Apply(LinkLocal, changes);
        changes.Clear();

        table.Apply(Up1 with { Removed = true }, changes);
        table.Apply(Up1 with { Removed = true }, changes);
        table.Apply(LinkLocal with { Removed = true }, changes);

        Assert.Equal<LinkEvent>([Up1 with { Removed = true }, LinkLocal with { Removed = true }], changes);
        Assert.Equal(0, table.LinkCount);
        Assert.Equal(0, table.AddressCount);
    }

    [Fact]
    public void AResynchronisationReportsWhatTheFreshDumpNoLongerShows()
    {
        var table = new LinkStateTable();
        var changes = new List<LinkEvent>();
        var up2 = Up1 with { Index = 5, Name = "up2" };
        table.Apply(Up1, changes);
        table.Apply(up2, changes);
        table.Apply(LinkLocal, changes);
        changes.Clear();

        table.BeginResynchronisation();
        table.Apply(Up1, changes); // still there, unchanged: no event
        table.EndResynchronisation(changes);

        Assert.Equal<LinkEvent>([up2 with { Removed = true }, LinkLocal with { Removed = true }], changes);
    }

    [Fact]
    public void EndingWithoutBeginningRemovesNothing()
    {
        var table = new LinkStateTable();
        var changes = new List<LinkEvent>();
        table.Apply(Up1, changes);
        changes.Clear();
        table.EndResynchronisation(changes);
        Assert.Empty(changes);
    }
}
