using System.CommandLine;
using BgpSpeaker.Configuration;
using BgpSpeaker.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Cli;

/// <summary><c>bgpspeaker run --config FILE</c>: the daemon. Exit 2 when the configuration is invalid.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config", "-c") { Description = "Configuration file (YAML)", DefaultValueFactory = _ => ConfigLoader.DefaultPath };
        var socket = new Option<string>("--socket") { Description = "Control socket path", DefaultValueFactory = _ => ControlServer.DefaultPath };
        var port = new Option<int?>("--port") { Description = "Listen on this TCP port instead of the configured one (tests, labs)" };
        var peerPort = new Option<int?>("--peer-port") { Description = "Connect to neighbors on this port instead of 179 (tests, labs)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Debug logging" };
        // Hidden: lets the hostile suite reach the send-queue limit without queuing 64 MB.
        var maxSendQueue = new Option<long?>("--max-send-queue") { Description = "Octets of UPDATEs that may wait for one peer (tests)", Hidden = true };
        var command = new Command("run", "Run the BGP speaker") { config, socket, port, peerPort, verbose, maxSendQueue };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = ConfigLoader.Load(parse.GetValue(config)!, ConfigLoader.ProcessEnvironment());
            ConfigCommand.PrintWarnings(loaded, Console.Error);
            if (!loaded.IsValid)
            {
                ConfigCommand.PrintErrors(loaded, Console.Error);
                return 2;
            }
            var options = new DaemonOptions(parse.GetValue(socket)!, parse.GetValue(port), parse.GetValue(peerPort), Path.GetFullPath(parse.GetValue(config)!), parse.GetValue(maxSendQueue));
            return await RunAsync(loaded.Config!, options, parse.GetValue(verbose), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(SpeakerConfig config, DaemonOptions options, bool verbose, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new Daemon.Logging.LineLoggerProvider(Console.Out, TimeProvider.System));
        HostRegistrations.AddClosed(builder.Services, verbose ? LogLevel.Debug : LogLevel.Information, TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        var exit = new DaemonExit();
        builder.Services.AddSingleton(exit);
        builder.Services.AddHostedService<SpeakerService>();
        using var host = builder.Build();
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return exit.Failure is null ? 0 : 1;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            await Console.Error.WriteLineAsync($"bgpspeaker: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
