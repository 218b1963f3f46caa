using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BgpSpeaker.Daemon;

/// <summary>
/// The host's options and our logger registered as closed types. Native AOT has no JIT: an open
/// generic the container closes at start-up (OptionsManager&lt;HostOptions&gt;, OptionsMonitor&lt;…&gt;,
/// Logger&lt;T&gt;, each with its factories and IEnumerable arrays) is built by the runtime type loader.
/// These were most of that cost (36 ms to the first OPEN instead of 44, bench/README: "Where start-up
/// went"); the host's own loggers (Logger&lt;Host&gt;) still come from the open generic.
/// </summary>
internal static class HostRegistrations
{
    public static void AddClosed(IServiceCollection services, LogLevel minimum, TimeSpan shutdownTimeout)
    {
        services.AddSingleton(Options.Create(new HostOptions { ShutdownTimeout = shutdownTimeout }));
        services.AddSingleton(Options.Create(new ConsoleLifetimeOptions { SuppressStatusMessages = true }));
        services.AddSingleton(Options.Create(new LoggerFactoryOptions()));
        var filter = new LoggerFilterOptions { MinLevel = minimum };
        // Our own start line says what matters; the host's lifetime lines would repeat it.
        filter.Rules.Add(new LoggerFilterRule(null, "Microsoft.Hosting.Lifetime", LogLevel.Warning, null));
        services.AddSingleton<IOptionsMonitor<LoggerFilterOptions>>(new FixedFilter(filter));
        services.AddSingleton<ILogger<SpeakerService>>(provider => provider.GetRequiredService<ILoggerFactory>().CreateLogger<SpeakerService>());
    }

    /// <summary>The filter never changes while the daemon runs (a reload keeps the command line's level).</summary>
    private sealed class FixedFilter(LoggerFilterOptions value) : IOptionsMonitor<LoggerFilterOptions>
    {
        public LoggerFilterOptions CurrentValue => value;

        public LoggerFilterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<LoggerFilterOptions, string?> listener) => null;
    }
}
