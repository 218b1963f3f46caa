namespace BgpSpeaker.Interop.Tests.Lab;

/// <summary>A routing daemon other than FRR and bgpspeaker (BIRD, GoBGP) that a lab started and must stop.</summary>
internal interface IPeerDaemon : IDisposable
{
    string Name { get; }

    /// <summary>The end of the daemon's log, for a failing wait.</summary>
    string LogTail(int lines = 15);

    Task StopAsync();
}
