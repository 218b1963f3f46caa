namespace BgpSpeaker.Configuration.Schema;

/// <summary>
/// One kind of mapping in the configuration file: where it sits (<see cref="Path"/>, for the
/// reference), how messages name it (<see cref="What"/>), the prefix its values carry in messages
/// (<c>health.interval</c>), and every key it may hold. The readers open mappings with it, so a key
/// that is not declared here is an unknown key, with a "did you mean" among these.
/// </summary>
internal sealed class ConfigSection(string path, string what, string doc, IReadOnlyList<ConfigKey> keys, string labelPrefix = "")
{
    public string Path => path;

    public string What => what;

    public string Doc => doc;

    public IReadOnlyList<ConfigKey> Keys => keys;

    public string LabelPrefix => labelPrefix;

    public IReadOnlyCollection<string> Names { get; } = [.. keys.Select(k => k.Name)];

    public bool Declares(string key) => Names.Contains(key);
}
