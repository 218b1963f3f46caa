using BgpSpeaker.Configuration;

namespace BgpSpeaker.Tests.Configuration;

public sealed class LoadTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private readonly string _directory = Directory.CreateTempSubdirectory("bgpspeaker-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void FileErrorsAreNamedByThePathGiven()
    {
        string path = Path.Combine(_directory, "bgpspeaker.yaml");
        File.WriteAllText(path, "asn: 65010\nrouterId: 10.0.0.10\nlisten: {port: 0}\n");

        var error = Assert.Single(ConfigLoader.Load(path, NoEnvironment).Errors);

        Assert.Equal($"{path}:3:16: port must be 1..65535, got 0", error.ToString());
    }

    [Fact]
    public void MissingFileIsOneError()
    {
        string path = Path.Combine(_directory, "absent.yaml");

        var result = ConfigLoader.Load(path, NoEnvironment);

        Assert.False(result.IsValid);
        Assert.Equal($"{path}: cannot read the configuration: no such file", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void MissingDirectoryIsOneError() =>
        Assert.Equal(
            "cannot read the configuration: no such file",
            Assert.Single(ConfigLoader.Load(Path.Combine(_directory, "no", "such.yaml"), NoEnvironment).Errors).Message);

    [Fact]
    public void DirectoryIsOneError() =>
        Assert.Equal(
            "cannot read the configuration: it is a directory",
            Assert.Single(ConfigLoader.Load(_directory, NoEnvironment).Errors).Message);

    [Fact]
    public void EmptyPathIsOneError() =>
        Assert.Single(ConfigLoader.Load("", NoEnvironment).Errors);

    [Fact]
    public void ValidFileLoads()
    {
        string path = Path.Combine(_directory, "ok.yaml");
        File.WriteAllText(path, "asn: 65010\nrouterId: 10.0.0.10\n");

        var result = ConfigLoader.Load(path, NoEnvironment);

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.Equal(65010u, result.Config.Asn);
    }
}
