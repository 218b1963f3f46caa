namespace BgpSpeaker.Interop.Tests.Lab;

/// <summary>
/// What src/BgpSpeaker/Packaging/build.sh makes from this checkout, built once per test run: the binary,
/// the OCI image and the Talos extension (tree and image).
/// </summary>
public sealed class Packages : IAsyncLifetime
{
    public string Out { get; } = Repository.PathOf("out");

    /// <summary>The binary's version line: "0.9.0 (commit …, built …)".</summary>
    public string VersionLine { get; private set; } = "";

    public string Version => VersionLine.Split(' ')[0];

    public string ImageArchive => Path.Combine(Out, $"bgpspeaker-{Version}.oci.tar");

    public string ExtensionArchive => Path.Combine(Out, $"bgpspeaker-talos-{Version}.oci.tar");

    public string ExtensionTree => Path.Combine(Out, "talos");

    public async Task InitializeAsync()
    {
        foreach (var tool in new[] { "buildah", "runc", "umoci" })
        {
            Assert.True(await Shell.RunAsync("sh", ["-c", $"command -v {tool} || true"]) is { Length: > 0 },
                $"{tool} is not installed: apt install buildah runc umoci (interop/install-deps.sh installs them)");
        }
        await Shell.RunAsync("bash", [Repository.PathOf("src/BgpSpeaker/Packaging/build.sh")], TimeSpan.FromMinutes(15));
        VersionLine = (await Shell.RunAsync(Path.Combine(Out, "publish", "bgpspeaker"), ["--version"])).Trim();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
