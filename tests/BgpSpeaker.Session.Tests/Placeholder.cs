namespace BgpSpeaker.Session.Tests;
