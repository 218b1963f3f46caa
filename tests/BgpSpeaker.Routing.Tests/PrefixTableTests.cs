using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Wire.Nlri;
using CsCheck;

namespace BgpSpeaker.Routing.Tests;

/// <summary>
/// The RIBs' table against a Dictionary: random sets, removals, lookups, trims and clears over a small
/// key space (long chains, entries reused from the free list, repacking, bucket arrays growing).
/// </summary>
public class PrefixTableTests
{
    private abstract record Op;
    private sealed record SetOp(int Key, int Value) : Op;
    private sealed record RemoveOp(int Key) : Op;
    private sealed record TrimOp : Op;
    private sealed record ClearOp : Op;

    // 0.0.0.0/0 (key value 0) is among the keys: the empty-slot marker must not be a real prefix.
    private static V4Key KeyOf(int i) => V4Key.From(Prefix.V4((uint)(i % 7) << 29, i / 7 % 33));

    private static readonly Gen<Op> Ops = Gen.Frequency(
        (8, Gen.Select(Gen.Int[0, 200], Gen.Int[0, 9], (k, v) => (Op)new SetOp(k, v))),
        (5, Gen.Int[0, 200].Select(k => (Op)new RemoveOp(k))),
        (1, Gen.Const((Op)new TrimOp())),
        (1, Gen.Const((Op)new ClearOp())));

    [Fact]
    public void BehavesLikeADictionary()
    {
        Ops.Array[1, 400].Sample(ops =>
        {
            var table = new PrefixTable<V4Key, int>();
            var model = new Dictionary<V4Key, int>();
            foreach (var op in ops)
            {
                switch (op)
                {
                    case SetOp set:
                        ref int slot = ref table.GetValueRefOrAddDefault(KeyOf(set.Key), out bool exists);
                        Assert.Equal(model.ContainsKey(KeyOf(set.Key)), exists);
                        slot = set.Value;
                        model[KeyOf(set.Key)] = set.Value;
                        break;
                    case RemoveOp remove:
                        bool removed = table.Remove(KeyOf(remove.Key), out int value);
                        Assert.Equal(model.Remove(KeyOf(remove.Key), out int expected), removed);
                        Assert.Equal(expected, value);
                        break;
                    case TrimOp:
                        table.Trim();
                        Assert.Equal(table.Count == 0 ? 0 : table.Count <= 16_384 ? Math.Max(64, table.Count) : (table.Count + 16_383) / 16_384 * 16_384, table.Capacity);
                        break;
                    default:
                        table.Clear();
                        model.Clear();
                        break;
                }
                Assert.Equal(model.Count, table.Count);
            }
            Assert.Equal(model.OrderBy(e => e.Key.Value), table.Entries.OrderBy(e => e.Key.Value));
            for (int k = 0; k <= 200; k++)
            {
                Assert.Equal(model.TryGetValue(KeyOf(k), out int expected), table.TryGetValue(KeyOf(k), out int value));
                Assert.Equal(expected, value);
            }
        });
    }

    [Fact]
    public void GrowsPastAMillionAndTrimsToTheSegmentsItNeeds()
    {
        var table = new PrefixTable<V4Key, int>();
        for (uint i = 0; i < 1_000_000; i++)
        {
            table.GetValueRefOrAddDefault(V4Key.From(Prefix.V4(i << 8, 24)), out _) = (int)i;
        }
        for (uint i = 0; i < 1_000_000; i += 2)
        {
            Assert.True(table.Remove(V4Key.From(Prefix.V4(i << 8, 24))));
        }
        table.Trim();

        Assert.Equal(500_000, table.Count);
        Assert.Equal(31 * 16_384, table.Capacity);
        Assert.True(table.TryGetValue(V4Key.From(Prefix.V4(999_999u << 8, 24)), out int last));
        Assert.Equal(999_999, last);
        Assert.False(table.TryGetValue(V4Key.From(Prefix.V4(0, 24)), out _));
    }

    [Fact]
    public void Ipv6KeysWithTheSameBitsAndOtherLengthsAreDistinct()
    {
        var table = new PrefixTable<V6Key, ulong>();
        for (byte length = 0; length <= 128; length++)
        {
            table.GetValueRefOrAddDefault(new V6Key(0, length), out bool exists) = length;
            Assert.False(exists);
        }

        Assert.Equal(129, table.Count);
        Assert.All(Enumerable.Range(0, 129), l => Assert.True(table.TryGetValue(new V6Key(0, (byte)l), out ulong v) && v == (ulong)l));
        Assert.False(table.TryGetValue(V6Key.Vacant, out _));
    }

    [Fact]
    public void DenseRunsOfPrefixesSpreadOverEveryBucket()
    {
        // The benchmark's table: 900,000 consecutive /24s and 100,000 consecutive /32s in 2^20 buckets.
        var perBucket = new byte[1 << 20];
        for (uint i = 0; i < 900_000; i++)
        {
            perBucket[V4Key.From(Prefix.V4(0x0B000000u + (i << 8), 24)).Mix() & ((1 << 20) - 1)]++;
        }
        for (uint i = 0; i < 100_000; i++)
        {
            perBucket[V4Key.From(Prefix.V4(0x64400000u + i, 32)).Mix() & ((1 << 20) - 1)]++;
        }
        Assert.True(perBucket.Max() <= 2, $"longest chain {perBucket.Max()}");
    }

    [Fact]
    public void KeysStayCompact()
    {
        Assert.Equal(8, System.Runtime.CompilerServices.Unsafe.SizeOf<V4Key>());
        Assert.Equal(24, System.Runtime.CompilerServices.Unsafe.SizeOf<V6Key>());
        var key = V6Key.From(Prefix.Parse("2001:db8:ffff:1::/64"));
        Assert.Equal("2001:db8:ffff:1::/64", key.ToString());
        Assert.NotEqual(key, V6Key.From(Prefix.Parse("2001:db9:ffff:1::/64")));
    }

    [Fact]
    public void ASmallTableTakesASmallSegment()
    {
        var table = new PrefixTable<V4Key, int>();
        for (uint i = 0; i < 100; i++)
        {
            table.GetValueRefOrAddDefault(V4Key.From(Prefix.V4(i << 8, 24)), out _) = (int)i;
        }

        Assert.Equal(128, table.Capacity); // 64, doubled once; not a 16,384-entry segment

        for (uint i = 100; i < 20_000; i++)
        {
            table.GetValueRefOrAddDefault(V4Key.From(Prefix.V4(i << 8, 24)), out _) = (int)i;
        }
        Assert.Equal(2 * 16_384, table.Capacity);
        Assert.All(Enumerable.Range(0, 20_000), i => Assert.True(table.TryGetValue(V4Key.From(Prefix.V4((uint)i << 8, 24)), out int v) && v == i));
    }

    [Fact]
    public void PrefixesCraftedToShareABucketSwitchTheTableToTheSeededHash()
    {
        // /32s whose low 16 bits are zero share a bucket in any table of up to 2^16 buckets under the
        // neighbour-keeping hash: 5,000 of them would make one chain of 5,000.
        var table = new PrefixTable<V4Key, int>();
        var crafted = Enumerable.Range(0, 5_000).Select(i => V4Key.From(Prefix.V4((uint)i << 16, 32))).ToArray();
        foreach (var key in crafted)
        {
            table.GetValueRefOrAddDefault(key, out _) = 1;
        }

        Assert.True(table.Seeded);
        Assert.True(table.LongestChain() <= 12, $"longest chain {table.LongestChain()}");
        Assert.All(crafted, k => Assert.True(table.TryGetValue(k, out _)));
        Assert.All(crafted, k => Assert.True(table.Remove(k)));
        Assert.Equal(0, table.Count);

        table.Clear();
        Assert.False(table.Seeded);
    }

    [Fact]
    public void DenseRunsKeepTheNeighbourKeepingHash()
    {
        var table = new PrefixTable<V4Key, int>();
        for (uint i = 0; i < 100_000; i++)
        {
            table.GetValueRefOrAddDefault(V4Key.From(Prefix.V4(0x0B000000u + (i << 8), 24)), out _) = 1;
        }

        Assert.False(table.Seeded);
        Assert.True(table.LongestChain() <= 2);
    }

    [Fact]
    public void Ipv6KeysDifferingOnlyInTheirLowWordsAreSpread()
    {
        // The hash takes every bit: /128s that differ only in bits 64..127, and /64s whose high words
        // fold to the same 32 bits, do not pile up.
        var table = new PrefixTable<V6Key, ulong>();
        for (ulong i = 0; i < 4_096; i++)
        {
            table.GetValueRefOrAddDefault(new V6Key(((UInt128)0x2001_0db8_0000_0000UL << 64) | (i << 32) | i, 128), out _) = i;
            table.GetValueRefOrAddDefault(new V6Key((UInt128)((i << 32) | i) << 64, 64), out _) = i;
        }

        Assert.Equal(8_192, table.Count);
        Assert.True(table.LongestChain() <= 12, $"longest chain {table.LongestChain()}");
    }
}
