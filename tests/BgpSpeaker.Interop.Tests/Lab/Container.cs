using System.Text.Json.Nodes;

namespace BgpSpeaker.Interop.Tests.Lab;

/// <summary>
/// bgpspeaker run by runc the way Kubernetes and Talos run it: a read-only root, the host network of a
/// lab namespace, the configuration bind-mounted read-only at /etc/bgpspeaker/bgpspeaker.yaml, and a
/// writable /run/bgpspeaker (the control socket) that the test reads from outside.
/// </summary>
internal sealed class Container : IAsyncDisposable
{
    private readonly string _bundle;
    private readonly string _log;
    private bool _started;

    private Container(string id, string bundle, string run)
    {
        Id = id;
        _bundle = bundle;
        _log = Path.Combine(bundle, "container.log");
        RunDirectory = run;
    }

    public string Id { get; }

    /// <summary>The host side of /run/bgpspeaker: the control socket is bgpspeaker.sock in it.</summary>
    public string RunDirectory { get; }

    public string Log => File.Exists(_log) ? File.ReadAllText(_log) : "";

    /// <summary>Unpacks an OCI image archive (buildah's oci-archive) into a runc bundle under <paramref name="directory"/>.</summary>
    public static async Task<string> UnpackImageAsync(string archive, string tag, string directory)
    {
        string layout = Path.Combine(directory, "layout");
        string bundle = Path.Combine(directory, "bundle");
        Directory.CreateDirectory(layout);
        await Shell.RunAsync("tar", ["-xf", archive, "-C", layout]);
        await Shell.RunAsync("umoci", ["unpack", "--image", $"{layout}:{tag}", bundle]);
        return bundle;
    }

    /// <summary>A bundle whose root is an existing directory (a Talos extension's service root), run as root as Talos does.</summary>
    public static async Task<string> BundleForRootAsync(string rootfs, string directory)
    {
        string bundle = Path.Combine(directory, "bundle");
        Directory.CreateDirectory(bundle);
        await Shell.RunAsync("runc", ["spec", "--bundle", bundle]);
        var config = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(bundle, "config.json")))!;
        config["root"]!["path"] = Path.GetFullPath(rootfs);
        await File.WriteAllTextAsync(Path.Combine(bundle, "config.json"), config.ToJsonString());
        return bundle;
    }

    /// <param name="netns">The lab namespace whose network the container shares (null: a new, empty one).</param>
    /// <param name="configFile">Bind-mounted read-only at /etc/bgpspeaker/bgpspeaker.yaml.</param>
    /// <param name="capabilities">Granted (ambient too, so a non-root user has them); the rest are dropped.</param>
    public static async Task<Container> CreateAsync(string id, string bundle, IReadOnlyList<string> args, string? netns, string? configFile,
        IReadOnlyList<string> capabilities)
    {
        string run = Path.Combine(Path.GetDirectoryName(bundle)!, "run");
        Directory.CreateDirectory(run);
        var path = Path.Combine(bundle, "config.json");
        var config = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        var process = config["process"]!;
        process["args"] = new JsonArray([.. args.Select(a => JsonValue.Create(a))]);
        process["terminal"] = false;
        var caps = new JsonArray([.. capabilities.Select(c => JsonValue.Create(c))]);
        process["capabilities"] = new JsonObject
        {
            ["bounding"] = caps.DeepClone(), ["effective"] = caps.DeepClone(), ["permitted"] = caps.DeepClone(),
            ["inheritable"] = caps.DeepClone(), ["ambient"] = caps.DeepClone(),
        };
        uint uid = process["user"]?["uid"]?.GetValue<uint>() ?? 0;
        await Shell.RunAsync("chown", [$"{uid}", run]);
        config["root"]!["readonly"] = true;
        var mounts = config["mounts"]!.AsArray();
        mounts.Add(new JsonObject { ["destination"] = "/run/bgpspeaker", ["type"] = "bind", ["source"] = run, ["options"] = new JsonArray("rbind", "rw") });
        if (configFile is not null)
        {
            mounts.Add(new JsonObject
            {
                ["destination"] = "/etc/bgpspeaker/bgpspeaker.yaml", ["type"] = "bind", ["source"] = configFile, ["options"] = new JsonArray("bind", "ro"),
            });
        }
        if (netns is not null)
        {
            var namespaces = config["linux"]!["namespaces"]!.AsArray();
            var network = namespaces.First(n => n!["type"]!.GetValue<string>() == "network")!;
            network["path"] = $"/run/netns/{netns}";
        }
        await File.WriteAllTextAsync(path, config.ToJsonString());
        return new Container(id, bundle, run);
    }

    /// <summary>Runs to completion (bgpspeaker --version, config validate): the exit code and everything it printed.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync()
    {
        string output = await Shell.RunAsync("sh", ["-c", $"runc run --bundle '{_bundle}' '{Id}' 2>&1; echo \"exit $?\""], TimeSpan.FromSeconds(60));
        int at = output.LastIndexOf("exit ", StringComparison.Ordinal);
        return (int.Parse(output[(at + 5)..].Trim(), System.Globalization.CultureInfo.InvariantCulture), output[..at]);
    }

    /// <summary>Starts in the background (runc run --detach), its output in <see cref="Log"/>.</summary>
    public async Task StartAsync()
    {
        await Shell.RunAsync("sh", ["-c", $"runc run --detach --bundle '{_bundle}' '{Id}' > '{_log}' 2>&1 < /dev/null"], TimeSpan.FromSeconds(30));
        _started = true;
    }

    /// <summary>The Uid and CapEff lines of the container's first process (/proc/PID/status), as the kernel sees it.</summary>
    public async Task<(string Uid, string CapEff)> IdentityAsync()
    {
        var state = System.Text.Json.JsonDocument.Parse(await Shell.RunAsync("runc", ["state", Id])).RootElement;
        var status = await File.ReadAllLinesAsync($"/proc/{state.GetProperty("pid").GetInt32()}/status");
        string Field(string name) => status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();
        return (Field("Uid"), Field("CapEff"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await Shell.RunAsync("runc", ["kill", Id, "TERM"], check: false);
            for (int i = 0; i < 50 && (await Shell.RunAsync("runc", ["state", Id], check: false)).Contains("\"running\"", StringComparison.Ordinal); i++)
            {
                await Task.Delay(100);
            }
            await Shell.RunAsync("runc", ["delete", "--force", Id], check: false);
        }
    }
}
