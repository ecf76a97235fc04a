namespace ZoneMap.Core.Text;

/// <summary>A found occurrence of an indexed name in a text: [Start, End) and what the name stands for.</summary>
public readonly record struct NameHit<T>(int Start, int End, string Form, T Value);

/// <summary>
/// Longest-match dictionary scan over a text: at each position the longest indexed name wins and the scan continues
/// after it. Names map to one value; when two values claim the same form, the one added with the higher priority keeps it.
/// </summary>
public sealed class NameIndex<T>
{
    private readonly Dictionary<string, (T Value, int Priority)> names = new(StringComparer.Ordinal);
    private int[] lengths = [];

    public int Count => names.Count;

    public void Add(string form, T value, int priority)
    {
        if (form.Length < 2) return;
        if (names.TryGetValue(form, out var existing) && existing.Priority >= priority) return;
        names[form] = (value, priority);
        lengths = names.Keys.Select(k => k.Length).Distinct().OrderDescending().ToArray();
    }

    public bool Contains(string form) => names.ContainsKey(form);

    public IEnumerable<KeyValuePair<string, T>> Entries => names.Select(n => KeyValuePair.Create(n.Key, n.Value.Value));

    public List<NameHit<T>> FindAll(string text, int start = 0, int end = -1)
    {
        if (end < 0) end = text.Length;
        var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
        var hits = new List<NameHit<T>>();
        var i = start;
        while (i < end)
        {
            var found = false;
            foreach (var length in lengths)
            {
                if (i + length > end) continue;
                if (lookup.TryGetValue(text.AsSpan(i, length), out var key, out var entry))
                {
                    hits.Add(new NameHit<T>(i, i + length, key, entry.Value));
                    i += length;
                    found = true;
                    break;
                }
            }
            if (!found) i++;
        }
        return hits;
    }
}
