namespace BgpSpeaker.Daemon;

/// <summary>Why the daemon stopped, when it was not asked to: the process then exits 1, not 0.</summary>
internal sealed class DaemonExit
{
    private Exception? _failure;

    public Exception? Failure => Volatile.Read(ref _failure);

    public void Fail(Exception exception) => Interlocked.CompareExchange(ref _failure, exception, null);
}
