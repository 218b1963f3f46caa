using System.CommandLine;
using BgpSpeaker.Cli;

var root = new RootCommand("bgpspeaker: a node-local BGP speaker for layer-3 Kubernetes fabrics")
{
    DecodeCommand.Create(),
};
return root.Parse(args).Invoke();
