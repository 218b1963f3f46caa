namespace BgpSpeaker.TestSupport;

/// <summary>Polling with a deadline instead of fixed sleeps (shared by the interop and hostile suites).</summary>
internal static class Wait
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
                last = null;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or System.Text.Json.JsonException
                or System.Net.Sockets.SocketException or KeyNotFoundException)
            {
                last = e; // e.g. the control socket is not up yet
            }
            await Task.Delay(100);
        }
        Assert.Fail($"timed out after {timeout.TotalSeconds:0}s waiting for {what}{(last is null ? "" : $" (last error: {last.Message})")}\n{diagnostics?.Invoke()}");
    }
}
