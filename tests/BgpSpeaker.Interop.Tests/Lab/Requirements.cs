namespace BgpSpeaker.Interop.Tests.Lab;

/// <summary>Fails a test with what to install when the machine cannot run the lab; never skips.</summary>
internal static class Requirements
{
    private static readonly (string Path, string Package)[] Needed =
        [("/usr/lib/frr/bgpd", "frr"), ("/usr/lib/frr/zebra", "frr"), ("/usr/bin/vtysh", "frr"), ("/usr/bin/ip", "iproute2"), ("/usr/bin/ping", "iputils-ping")];

    public static void Check()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Fail("interop tests need root (they create network namespaces): run `sudo bash tests/run-all.sh`");
        }
        foreach (var (path, package) in Needed)
        {
            Need(path, package);
        }
    }

    /// <summary>Fails the test unless <paramref name="path"/> exists, naming the Debian package that installs it.</summary>
    public static void Need(string path, string package)
    {
        if (!File.Exists(path))
        {
            Assert.Fail($"interop tests need {path}: install it with `apt-get install {package}` (tests/run-all.sh does this via interop/install-deps.sh)");
        }
    }
}
