using BgpSpeaker.Interop.Tests.Lab;

namespace BgpSpeaker.Interop.Tests;

/// <summary>
/// What we ship, as built by src/BgpSpeaker/Packaging/build.sh, run the way Kubernetes and Talos run it:
/// the OCI image under runc (read-only root, non-root with only the three capabilities, the host network
/// of a lab namespace, the configuration bind-mounted read-only) and the Talos extension's service root
/// with the mounts Talos gives it; the extension tree against Talos's rules.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PackagingTests(Packages packages) : InteropTestBase, IClassFixture<Packages>
{
    private static readonly string[] Capabilities = ["CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_NET_BIND_SERVICE"];

    private string Scratch(string name)
    {
        string directory = Path.Combine(_lab.Directory, name);
        Directory.CreateDirectory(directory);
        return directory;
    }

    private async Task<string> ImageBundleAsync(string name) =>
        await Container.UnpackImageAsync(packages.ImageArchive, $"bgpspeaker:{packages.Version}", Scratch(name));

    [Fact]
    public void TheImageHoldsTheBinaryItsLoaderAndLibrariesAndNothingElse()
    {
        string rootfs = Path.Combine(packages.Out, "rootfs");
        var files = Directory.EnumerateFileSystemEntries(rootfs, "*", SearchOption.AllDirectories)
            .Where(f => !Directory.Exists(f) || new DirectoryInfo(f).LinkTarget is not null)
            .Select(f => "/" + Path.GetRelativePath(rootfs, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "/etc/iproute2/rt_protos.d/bgpspeaker.conf", "/etc/ssl/certs/ca-certificates.crt", "/lib/x86_64-linux-gnu/libc.so.6",
            "/lib/x86_64-linux-gnu/libm.so.6", "/lib64/ld-linux-x86-64.so.2", "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
            "/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libcrypto.so.3", "/usr/lib/x86_64-linux-gnu/libm.so.6",
            "/usr/lib/x86_64-linux-gnu/libssl.so.3", "/usr/local/bin/bgpspeaker",
        ], files);
        Assert.True(new FileInfo(Path.Combine(packages.Out, "publish", "bgpspeaker")).Length < 15_000_000, "the binary must stay under 15 MB");
    }

    [Fact]
    public async Task VersionAndConfigValidateRunInTheImageWithAReadOnlyRootAsNonRoot()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+ \(commit [0-9a-f]{12}, built \d{4}-\d{2}-\d{2}\)$", packages.VersionLine);
        await using (var version = await Container.CreateAsync($"bgpv-{_lab.Id}", await ImageBundleAsync("version"), ["/usr/local/bin/bgpspeaker", "--version"],
            null, null, []))
        {
            Assert.Equal((0, packages.VersionLine), (await version.RunAsync()) is var (code, output) ? (code, output.Trim()) : default);
        }
        string good = Path.Combine(Scratch("configs"), "good.yaml");
        await File.WriteAllTextAsync(good, Ipv4NodeYaml());
        await using (var valid = await Container.CreateAsync($"bgpc-{_lab.Id}", await ImageBundleAsync("valid"),
            ["/usr/local/bin/bgpspeaker", "config", "validate", "/etc/bgpspeaker/bgpspeaker.yaml"], null, good, []))
        {
            var (code, output) = await valid.RunAsync();
            Assert.True(code == 0, output);
            Assert.Contains("/etc/bgpspeaker/bgpspeaker.yaml: valid: AS65010", output, StringComparison.Ordinal);
        }
        string bad = Path.Combine(Scratch("configs"), "bad.yaml");
        await File.WriteAllTextAsync(bad, "asn: 65010\nrouterId: 10.0.0.10\nneighbours: []\n");
        await using (var invalid = await Container.CreateAsync($"bgpi-{_lab.Id}", await ImageBundleAsync("invalid"),
            ["/usr/local/bin/bgpspeaker", "config", "validate", "/etc/bgpspeaker/bgpspeaker.yaml"], null, bad, []))
        {
            var (code, output) = await invalid.RunAsync();
            Assert.Equal(2, code);
            Assert.Contains("unknown key 'neighbours' in the configuration; did you mean 'neighbors'?", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheArm64ImageRunsUnderQemuWithItsOwnLoaderAndLibraries()
    {
        string binary = Path.Combine(packages.Out, "publish-arm64", "bgpspeaker");
        Assert.Equal(ElfMachineAarch64, await ElfMachineAsync(binary));
        Assert.True(new FileInfo(binary).Length < 15_000_000, "the arm64 binary must stay under 15 MB");
        // The image's root as the archive holds it; qemu takes the loader and libraries from it (a file missing
        // there would be taken from this machine instead: the next test proves none is missing).
        string bundle = await Container.UnpackImageAsync(packages.ImageArchive.Replace(".oci.tar", "-arm64.oci.tar", StringComparison.Ordinal),
            $"bgpspeaker:{packages.Version}", Scratch("arm64"));
        string root = Path.Combine(bundle, "rootfs");
        Assert.Equal("arm64", ImageArchitecture(Path.Combine(Path.GetDirectoryName(bundle)!, "layout")));
        string inImage = Path.Combine(root, "usr/local/bin/bgpspeaker");
        string version = await Shell.RunAsync("qemu-aarch64", ["-L", root, inImage, "--version"]);
        Assert.Equal(packages.VersionLine, version.Trim());
        string validate = await Shell.RunAsync("qemu-aarch64", ["-L", root, inImage, "config", "validate", Repository.PathOf("examples/bgpspeaker.yaml")]);
        Assert.Contains(": valid: AS4200000010", validate, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(packages.Out, "talos-arm64", "manifest.yaml")), "the arm64 Talos extension was not built");
        Assert.Empty(TalosRules.Problems(Path.Combine(packages.Out, "talos-arm64")));
    }

    /// <summary>
    /// Every ELF file in an image's root finds each library it needs inside that root, OpenSSL (which
    /// the runtime opens by name for HTTPS probes) included, all built for the image's machine. Links
    /// are relative, so they resolve inside the root here too, never on this machine.
    /// </summary>
    [Theory]
    [InlineData("rootfs", "x86_64-linux-gnu", ElfMachineX64)]
    [InlineData("rootfs-arm64", "aarch64-linux-gnu", ElfMachineAarch64)]
    public async Task EveryLibraryTheImageNeedsIsInItsRoot(string name, string triplet, byte machine)
    {
        string root = Path.Combine(packages.Out, name);
        var links = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).LinkTarget is not null).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.False(Path.IsPathRooted(new FileInfo(link).LinkTarget), $"{link} -> {new FileInfo(link).LinkTarget} leaves the root"));
        Assert.True(File.Exists(Path.Combine(root, "usr/lib", triplet, "libssl.so.3")), $"{name} has no OpenSSL for HTTPS probes");
        var elves = Directory.EnumerateFiles(Path.Combine(root, "usr"), "*", SearchOption.AllDirectories)
            .Where(f => new FileInfo(f).LinkTarget is null && new FileInfo(f).Length > 20).ToList();
        Assert.Equal(6, elves.Count); // the binary, the loader, libc, libm, libssl, libcrypto
        foreach (string file in elves)
        {
            Assert.Equal((file, machine), (file, await ElfMachineAsync(file)));
            string dynamic = await Shell.RunAsync("readelf", ["-d", file]);
            foreach (var needed in System.Text.RegularExpressions.Regex.Matches(dynamic, @"Shared library: \[(.+?)\]").Select(m => m.Groups[1].Value))
            {
                Assert.True(File.Exists(Path.Combine(root, "lib", triplet, needed)) || File.Exists(Path.Combine(root, "usr/lib", triplet, needed)),
                    $"{Path.GetRelativePath(root, file)} needs {needed}, which {name} does not hold");
            }
        }
    }

    private const byte ElfMachineX64 = 0x3E;
    private const byte ElfMachineAarch64 = 0xB7;

    /// <summary>The architecture in the image's configuration: index, then manifest, then config blob.</summary>
    private static string ImageArchitecture(string layout)
    {
        System.Text.Json.JsonElement Blob(string digest) =>
            System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]))).RootElement;
        var index = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json"))).RootElement;
        var manifest = Blob(index.GetProperty("manifests")[0].GetProperty("digest").GetString()!);
        return Blob(manifest.GetProperty("config").GetProperty("digest").GetString()!).GetProperty("architecture").GetString()!;
    }

    private static async Task<byte> ElfMachineAsync(string file)
    {
        var header = new byte[20];
        await using var stream = File.OpenRead(file);
        await stream.ReadExactlyAsync(header);
        Assert.True(header.AsSpan(0, 4).SequenceEqual("\u007FELF"u8), $"{file} is not an ELF file");
        return header[18];
    }

    [Theory]
    [InlineData("image")]
    [InlineData("talos")]
    public async Task TheShippedDaemonPeersWithFrrAndAnswersMetrics(string form)
    {
        var leaf = await Ipv4LeafAsync();
        string config = Path.Combine(Scratch("configs"), "bgpspeaker.yaml");
        await File.WriteAllTextAsync(config, Ipv4NodeYaml(topLevel: "metrics:\n  listen: 127.0.0.1:9179\n"));
        string bundle = form == "image"
            ? await ImageBundleAsync("daemon")
            : await Container.BundleForRootAsync(Path.Combine(packages.ExtensionTree, "rootfs/usr/local/lib/containers/bgpspeaker"), Scratch("daemon"));
        // The image's own command; the extension's entrypoint and args as its Talos service spec gives them.
        string[] args = form == "image" ? ["/usr/local/bin/bgpspeaker", "run", "--config", "/etc/bgpspeaker/bgpspeaker.yaml"] : TalosCommand();
        await using var daemon = await Container.CreateAsync($"bgpd-{_lab.Id}-{form}", bundle, args, _lab.Namespace("node"), config, Capabilities);
        await daemon.StartAsync();
        string socket = Path.Combine(daemon.RunDirectory, "bgpspeaker.sock");
        await Wait.UntilAsync(async () => await leaf.NeighborStateAsync("10.255.1.1") == "Established"
            && File.Exists(socket)
            && (await ControlSocket.NeighborAsync(socket, "leaf1")).GetProperty("state").GetString() == "Established",
            TimeSpan.FromSeconds(30), $"the {form}'s daemon and FRR to be Established", () => $"--- container log\n{daemon.Log}\n{_lab.Diagnostics()}");
        var (status, body) = await _lab.HttpGetAsync("node", "http://127.0.0.1:9179/metrics");
        Assert.Equal(200, status);
        Assert.Contains("bgpspeaker_neighbor_up{peer=\"leaf1\",interface=\"\",peer_as=\"65001\"} 1", body.Split('\n'));
        Assert.Contains($"bgpspeaker_build_info{{version=\"{packages.Version}.0\"}} 1", body.Split('\n'));
        // The image runs as 65532 with exactly NET_ADMIN, NET_RAW and NET_BIND_SERVICE (bits 12, 13, 10); Talos runs services as root.
        var (uid, capabilities) = await daemon.IdentityAsync();
        Assert.Equal(form == "image" ? "65532" : "0", uid.Split('\t')[0]);
        Assert.Equal("0000000000003400", capabilities);
    }

    /// <summary>The entrypoint and args of the extension's service spec.</summary>
    private string[] TalosCommand()
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(packages.ExtensionTree, "rootfs/usr/local/etc/containers/bgpspeaker.yaml"))));
        var container = (YamlDotNet.RepresentationModel.YamlMappingNode)((YamlDotNet.RepresentationModel.YamlMappingNode)stream.Documents[0].RootNode)["container"];
        return [container["entrypoint"].ToString(), .. ((YamlDotNet.RepresentationModel.YamlSequenceNode)container["args"]).Select(a => a.ToString())];
    }

    [Fact]
    public void TheExtensionTreeFollowsTalosRules()
    {
        Assert.Empty(TalosRules.Problems(packages.ExtensionTree));
        string manifest = File.ReadAllText(Path.Combine(packages.ExtensionTree, "manifest.yaml"));
        Assert.Contains($"version: \"{packages.Version}\"", manifest, StringComparison.Ordinal); // the extension carries the binary's version
        Assert.True(File.Exists(packages.ExtensionArchive), $"{packages.ExtensionArchive} was not built");
    }

    [Fact]
    public async Task TheRulesCatchWhatTalosWouldIgnoreOrRefuse()
    {
        string copy = Scratch("talos-copy");
        await Shell.RunAsync("cp", ["-a", packages.ExtensionTree + "/.", copy]);
        string spec = Path.Combine(copy, "rootfs/usr/local/etc/containers/bgpspeaker.yaml");
        await File.AppendAllTextAsync(spec, "hostNetwork: true\n");
        await File.WriteAllTextAsync(Path.Combine(copy, "README"), "stray");
        File.SetUnixFileMode(Path.Combine(copy, "rootfs/usr/local/etc/containers/bgpspeaker.yaml"), (UnixFileMode)0b110_110_110);
        var problems = TalosRules.Problems(copy);
        Assert.Contains("rootfs/usr/local/etc/containers/bgpspeaker.yaml: unknown key 'hostNetwork' (Talos would ignore it silently)", problems);
        Assert.Contains("the root must hold only manifest.yaml and rootfs/, holds README, manifest.yaml, rootfs", problems);
        Assert.Contains("rootfs/usr/local/etc/containers/bgpspeaker.yaml is world-writable", problems);
    }

    [Fact]
    public async Task TheExampleExtensionServiceConfigMountsAValidConfigurationWhereTheServiceReadsIt()
    {
        var document = new YamlDotNet.RepresentationModel.YamlStream();
        document.Load(new StringReader(await File.ReadAllTextAsync(Repository.PathOf("src/BgpSpeaker/Packaging/talos/extension-service-config.yaml"))));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)document.Documents[0].RootNode;
        Assert.Equal("ExtensionServiceConfig", root["kind"].ToString());
        Assert.Equal("bgpspeaker", root["name"].ToString());
        var file = (YamlDotNet.RepresentationModel.YamlMappingNode)((YamlDotNet.RepresentationModel.YamlSequenceNode)root["configFiles"])[0];
        Assert.Equal("/etc/bgpspeaker/bgpspeaker.yaml", file["mountPath"].ToString());
        Assert.Contains("/etc/bgpspeaker/bgpspeaker.yaml", await File.ReadAllTextAsync(Path.Combine(packages.ExtensionTree, "rootfs/usr/local/etc/containers/bgpspeaker.yaml")),
            StringComparison.Ordinal);
        string content = Path.Combine(Scratch("configs"), "talos.yaml");
        await File.WriteAllTextAsync(content, file["content"].ToString());
        string output = await Shell.RunAsync(Path.Combine(packages.Out, "publish", "bgpspeaker"), ["config", "validate", content, "-o", "json"], check: false);
        Assert.True(System.Text.Json.JsonDocument.Parse(output).RootElement.GetProperty("valid").GetBoolean(), output);
    }
}
