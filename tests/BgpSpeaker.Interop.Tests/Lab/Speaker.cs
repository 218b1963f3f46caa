namespace BgpSpeaker.Interop.Tests.Lab;

/// <summary>A bgpspeaker process in a lab namespace (the shared process; the lab stops it at the end).</summary>
internal sealed class Speaker(string ns, string directory, string yaml) : SpeakerProcess(directory, yaml, ns)
{
    /// <summary>Rewrites the configuration file and sends SIGHUP, as an operator (or a ConfigMap update) would.</summary>
    public Task ReloadAsync(string newYaml) => SignalReloadAsync(newYaml);
}
