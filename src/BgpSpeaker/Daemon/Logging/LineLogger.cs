using System.Text;
using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Daemon.Logging;

/// <summary>
/// One line per event on standard output, UTC: <c>2026-12-05T19:00:00.123 info: Category[1000] message</c>.
/// Written at once by the caller: the daemon logs a few lines a second, and the console logger's queue
/// thread, options and three formatters cost start-up time (bench/README) for nothing we use.
/// </summary>
internal sealed class LineLoggerProvider(TextWriter output, TimeProvider time) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new LineLogger(categoryName, output, time);

    public void Dispose()
    {
    }

    private sealed class LineLogger(string category, TextWriter output, TimeProvider time) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        // The factory's filter decides; a provider that is asked always writes.
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var line = new StringBuilder(160)
                .Append(time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff ", System.Globalization.CultureInfo.InvariantCulture))
                .Append(Level(logLevel)).Append(": ").Append(category).Append('[').Append(eventId.Id).Append("] ")
                .Append(OneLine(formatter(state, exception)));
            if (exception is not null)
            {
                line.Append(' ').Append(OneLine(exception.ToString()));
            }
            output.Write(line.Append('\n').ToString()); // one write: lines from several threads never interleave
        }

        private static string OneLine(string text) => text.ReplaceLineEndings(" ");

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
