using System.CommandLine;
using BgpSpeaker.Cli;

var root = new RootCommand("bgpspeaker: a node-local BGP speaker for layer-3 Kubernetes fabrics")
{
    RunCommand.Create(),
    ShowCommand.Create(),
    ClearCommand.Create(),
    ConfigCommand.Create(),
    DecodeCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
