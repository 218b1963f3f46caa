namespace BgpSpeaker.Tests;
