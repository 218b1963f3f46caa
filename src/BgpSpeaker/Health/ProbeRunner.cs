using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using BgpSpeaker.Configuration;

namespace BgpSpeaker.Health;

/// <summary>Runs one probe once, bounded by its timeout; the result in words ("200", "connection refused", "timed out after 1 s").</summary>
internal sealed class ProbeRunner : IDisposable
{
    private readonly ProbeConfig _probe;
    private readonly HttpClient? _http;
    private readonly string? _caProblem;

    public ProbeRunner(ProbeConfig probe)
    {
        _probe = probe;
        if (probe is HttpProbe http)
        {
            var trusted = http.CaFile is { } file ? LoadCertificates(file, out _caProblem) : null;
            var handler = new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.Zero, // a fresh connection each time: the probe sees what a new client would
                AllowAutoRedirect = false,
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors, http.InsecureSkipVerify, trusted),
                },
            };
            _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        }
    }

    public ProbeConfig Probe => _probe;

    public async Task<(bool Ok, string Result)> RunAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            return _probe switch
            {
                HttpProbe http when _caProblem is not null => (false, $"ca {http.CaFile}: {_caProblem}"),
                HttpProbe http => await GetAsync(http, bounded.Token).ConfigureAwait(false),
                TcpProbe tcp => await ConnectAsync(tcp, bounded.Token).ConfigureAwait(false),
                FileProbe file => File.Exists(file.Path) == file.MustExist
                    ? (true, file.MustExist ? "present" : "absent")
                    : (false, file.MustExist ? "absent" : "present (maintenance)"),
                _ => (false, "unknown probe"),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"timed out after {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            return (false, e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message);
        }
    }

    private async Task<(bool, string)> GetAsync(HttpProbe http, CancellationToken cancellationToken)
    {
        using var response = await _http!.GetAsync(http.Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        int status = (int)response.StatusCode;
        return (status == http.Status, $"{status}");
    }

    private static async Task<(bool, string)> ConnectAsync(TcpProbe tcp, CancellationToken cancellationToken)
    {
        using var socket = new Socket(tcp.Target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(tcp.Target, cancellationToken).ConfigureAwait(false);
        return (true, "connected");
    }

    /// <summary>The system's trust, or the configured CA (PEM) as the only root when the system does not vouch for the server; the name must match either way.</summary>
    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, bool insecure, X509Certificate2Collection? trusted)
    {
        if (insecure || errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (trusted is null || certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        var server = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(server);
    }

    private static X509Certificate2Collection? LoadCertificates(string file, out string? problem)
    {
        problem = null;
        try
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPemFile(file);
            if (certificates.Count == 0)
            {
                problem = "no PEM certificate in it";
            }
            return certificates;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            problem = e.Message; // every check fails and says so
            return null;
        }
    }

    public void Dispose() => _http?.Dispose();
}
