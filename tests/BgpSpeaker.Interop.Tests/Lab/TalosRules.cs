using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace BgpSpeaker.Interop.Tests.Lab;

/// <summary>
/// Talos's rules for a system extension, checked on our tree: Talos refuses some problems at install and
/// silently ignores others (unknown keys in a service spec), so both kinds are found here first.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static partial class TalosRules
{
    private static readonly string[] ServiceKeys = ["name", "container", "depends", "restart", "logToConsole"];
    private static readonly string[] ContainerKeys = ["entrypoint", "args", "environment", "mounts", "security"];
    private static readonly string[] SecurityKeys = ["writeableRootfs", "writeableSysfs", "maskedPaths", "readonlyPaths", "rootfsPropagation"];
    private static readonly string[] MountKeys = ["source", "destination", "type", "options"];
    private static readonly string[] DependencyKeys = ["configuration", "network", "service", "path", "time"];
    private static readonly string[] ManifestMetadataKeys = ["name", "version", "author", "description", "compatibility"];

    /// <summary>Every rule the tree at <paramref name="tree"/> breaks, in words; empty when it follows them all.</summary>
    public static List<string> Problems(string tree)
    {
        var problems = new List<string>();
        var top = Directory.EnumerateFileSystemEntries(tree).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        if (!top.SequenceEqual(["manifest.yaml", "rootfs"]))
        {
            problems.Add($"the root must hold only manifest.yaml and rootfs/, holds {string.Join(", ", top)}");
        }
        CheckManifest(Path.Combine(tree, "manifest.yaml"), problems);
        string rootfs = Path.Combine(tree, "rootfs");
        foreach (var entry in new DirectoryInfo(rootfs).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(rootfs, entry.FullName);
            if (!relative.StartsWith("usr/local/", StringComparison.Ordinal) && relative is not ("usr" or "usr/local"))
            {
                problems.Add($"rootfs/{relative} is outside the paths an extension may use (/usr/local)");
            }
            if (entry.LinkTarget is null && (entry.UnixFileMode & UnixFileMode.OtherWrite) != 0)
            {
                problems.Add($"rootfs/{relative} is world-writable");
            }
        }
        foreach (var spec in Directory.EnumerateFiles(Path.Combine(rootfs, "usr/local/etc/containers"), "*.yaml"))
        {
            CheckService(spec, rootfs, problems);
        }
        return problems;
    }

    private static void CheckManifest(string path, List<string> problems)
    {
        if (!File.Exists(path))
        {
            return;
        }
        var root = Load(path);
        Unknown(root, ["version", "metadata"], "manifest.yaml", problems);
        if (Text(root, "version") != "v1alpha1")
        {
            problems.Add("manifest.yaml: version must be v1alpha1");
        }
        if (root.Children.TryGetValue(new YamlScalarNode("metadata"), out var m) && m is YamlMappingNode metadata)
        {
            Unknown(metadata, ManifestMetadataKeys, "manifest.yaml metadata", problems);
            if (!SemVer().IsMatch(Text(metadata, "version") ?? ""))
            {
                problems.Add($"manifest.yaml: metadata.version '{Text(metadata, "version")}' is not a semantic version");
            }
            foreach (var key in ManifestMetadataKeys.Where(k => !metadata.Children.ContainsKey(new YamlScalarNode(k))))
            {
                problems.Add($"manifest.yaml: metadata.{key} is missing");
            }
            var talos = Child(Child(metadata, "compatibility") as YamlMappingNode, "talos") as YamlMappingNode;
            if (talos is null || !(Text(talos, "version") ?? "").StartsWith(">= v1.", StringComparison.Ordinal))
            {
                problems.Add("manifest.yaml: metadata.compatibility.talos.version must be a constraint such as \">= v1.9.0\"");
            }
        }
        else
        {
            problems.Add("manifest.yaml: metadata is missing");
        }
    }

    private static void CheckService(string path, string rootfs, List<string> problems)
    {
        string file = $"rootfs/usr/local/etc/containers/{Path.GetFileName(path)}";
        var spec = Load(path);
        Unknown(spec, ServiceKeys, file, problems);
        string name = Text(spec, "name") ?? "";
        if (!ServiceName().IsMatch(name) || name != Path.GetFileNameWithoutExtension(path))
        {
            problems.Add($"{file}: name '{name}' must match ^[-_a-z0-9]+$ and the file's name");
        }
        if (Text(spec, "restart") is { } restart && restart is not ("always" or "never" or "untilSuccess"))
        {
            problems.Add($"{file}: restart '{restart}' must be always, never or untilSuccess");
        }
        if (Child(spec, "container") is not YamlMappingNode container)
        {
            problems.Add($"{file}: container is missing");
            return;
        }
        Unknown(container, ContainerKeys, $"{file} container", problems);
        if (Child(container, "security") is YamlMappingNode security)
        {
            Unknown(security, SecurityKeys, $"{file} container.security", problems);
        }
        foreach (var mount in (Child(container, "mounts") as YamlSequenceNode)?.OfType<YamlMappingNode>() ?? [])
        {
            Unknown(mount, MountKeys, $"{file} container.mounts[]", problems);
        }
        foreach (var dependency in (Child(spec, "depends") as YamlSequenceNode)?.OfType<YamlMappingNode>() ?? [])
        {
            if (dependency.Children.Count != 1)
            {
                problems.Add($"{file}: each item of depends holds one key");
            }
            Unknown(dependency, DependencyKeys, $"{file} depends[]", problems);
        }
        string entrypoint = Path.Combine(rootfs, "usr/local/lib/containers", name, (Text(container, "entrypoint") ?? "").TrimStart('/'));
        if (!File.Exists(entrypoint) || (File.GetUnixFileMode(entrypoint) & UnixFileMode.UserExecute) == 0)
        {
            problems.Add($"{file}: entrypoint {Text(container, "entrypoint")} is not an executable file under usr/local/lib/containers/{name}/");
        }
    }

    private static void Unknown(YamlMappingNode mapping, string[] known, string where, List<string> problems)
    {
        foreach (var key in mapping.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!).Where(k => !known.Contains(k)))
        {
            problems.Add($"{where}: unknown key '{key}' (Talos would ignore it silently)");
        }
    }

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string? Text(YamlMappingNode mapping, string key) => (Child(mapping, key) as YamlScalarNode)?.Value;

    private static YamlNode? Child(YamlMappingNode? mapping, string key) =>
        mapping is not null && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    [GeneratedRegex(@"^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();

    [GeneratedRegex("^[-_a-z0-9]+$")]
    private static partial Regex ServiceName();
}
