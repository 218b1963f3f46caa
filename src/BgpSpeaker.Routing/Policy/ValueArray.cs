using System.Collections;
using System.Runtime.CompilerServices;

namespace BgpSpeaker.Routing.Policy;

/// <summary>
/// An immutable array compared by its items, so policy definitions have value equality (a reload
/// compares the old and new configuration with ==).
/// </summary>
[CollectionBuilder(typeof(ValueArray), nameof(ValueArray.Create))]
public sealed class ValueArray<T> : IReadOnlyList<T>, IEquatable<ValueArray<T>>
{
    private readonly T[] _items;

    public ValueArray(IEnumerable<T> items) => _items = [.. items];

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public ReadOnlySpan<T> AsSpan() => _items;

    public bool Equals(ValueArray<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => Equals(obj as ValueArray<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }
        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public override string ToString() => $"[{string.Join(", ", _items)}]";
}

/// <summary>Creation helpers for <see cref="ValueArray{T}"/>.</summary>
public static class ValueArray
{
    public static ValueArray<T> Create<T>(ReadOnlySpan<T> items) => new(items.ToArray());

    public static ValueArray<T> ToValueArray<T>(this IEnumerable<T> items) => new(items);
}
