using System.Net;
using BgpSpeaker.Transport;
using Microsoft.Extensions.Time.Testing;

namespace BgpSpeaker.Tests.Transport;

public class SourceReportsTests
{
    private static readonly IPAddress A = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress B = IPAddress.Parse("192.0.2.2");

    [Fact]
    public void FirstEventIsReportedAtOnceTheRestAsOneCountPerInterval()
    {
        var time = new FakeTimeProvider();
        var reports = new List<(IPAddress, long)>();
        using var sources = new SourceReports((s, n) => reports.Add((s, n)), time);

        for (int i = 0; i < 500; i++)
        {
            sources.Add(A);
        }
        sources.Add(B);
        Assert.Equal([(A, 1L), (B, 1L)], reports);

        time.Advance(SourceReports.Interval);
        Assert.Equal([(A, 1L), (B, 1L), (A, 499L)], reports);
        Assert.Equal(501, sources.Total);
    }

    [Fact]
    public void ASourceQuietForAnIntervalIsReportedAtOnceAgain()
    {
        var time = new FakeTimeProvider();
        var reports = new List<(IPAddress, long)>();
        using var sources = new SourceReports((s, n) => reports.Add((s, n)), time);

        sources.Add(A);
        time.Advance(SourceReports.Interval);
        time.Advance(SourceReports.Interval); // nothing new: forgotten
        sources.Add(A);

        Assert.Equal([(A, 1L), (A, 1L)], reports);
    }
}
