using System.Net;

namespace BgpSpeaker.Platform.Linux.Icmpv6.Discovery;

/// <summary>Who the peer is: learning it, a second router, a changed or silent peer.</summary>
public sealed partial class RouterDiscovery
{
    private void HeardFrom(IPAddress source, TimeSpan now, PeerSource via)
    {
        if (_peer is null)
        {
            Learn(source, now, via);
        }
        else if (source.Equals(_peer))
        {
            // Only an RA says the router is still advertising; a connection says nothing about RAs.
            if (via == PeerSource.RouterAdvertisement)
            {
                _peerLastHeard = now;
                _peerStale = false;
            }
        }
        else if (_peerStale)
        {
            // The old address has gone quiet and a new one speaks: the router changed its link-local.
            ChangePeer(source, now);
            if (via == PeerSource.RouterAdvertisement)
            {
                AnswerPromptly(now);
            }
        }
        else
        {
            TrackOtherRouter(source, now);
        }
    }

    private void Learn(IPAddress source, TimeSpan now, PeerSource via)
    {
        _peer = source;
        _peerLastHeard = now;
        _peerStale = false;
        _silenceNoticed = false;
        _nextSolicitation = null;
        RemoveOtherRouter(source);
        Emit(new PeerLearned(Interface, source, via));
        if (via == PeerSource.RouterAdvertisement)
        {
            // FRR sends no RS: its first RA is our cue that it listens, so it learns us now, not in 10 s.
            AnswerPromptly(now);
        }
    }

    private void ChangePeer(IPAddress current, TimeSpan lastHeard)
    {
        var previous = _peer!;
        _peer = current;
        _peerLastHeard = lastHeard;
        _peerStale = false;
        RemoveOtherRouter(current);
        Emit(new PeerChanged(Interface, previous, current));
    }

    private void TrackOtherRouter(IPAddress source, TimeSpan now)
    {
        int index = _otherRouters.FindIndex(o => o.Address.Equals(source));
        if (index >= 0)
        {
            _otherRouters[index] = (source, now);
        }
        else if (_otherRouters.Count < _options.MaxOtherRouters)
        {
            _otherRouters.Add((source, now));
            Emit(new SecondRouter(Interface, _peer!, source));
        }
    }

    private void RemoveOtherRouter(IPAddress address) => _otherRouters.RemoveAll(o => o.Address.Equals(address));

    /// <summary>
    /// Routers quiet for the stale time are dropped from the report. A quiet peer is replaced by the
    /// router heard most recently if there is one (a link-local change), else reported stale and kept.
    /// </summary>
    private void CheckSilence(TimeSpan now)
    {
        _otherRouters.RemoveAll(o => now - o.LastHeard >= _options.StaleAfter);
        if (_peer is not null && !_peerStale && now - _peerLastHeard >= _options.StaleAfter)
        {
            if (_otherRouters.Count > 0)
            {
                var freshest = _otherRouters.MaxBy(o => o.LastHeard);
                ChangePeer(freshest.Address, freshest.LastHeard);
            }
            else
            {
                _peerStale = true;
                Emit(new PeerStale(Interface, _peer, _options.StaleAfter));
            }
        }
        if (_peer is null && CanSend && !_silenceNoticed && now - _sendingSince >= _options.StaleAfter)
        {
            _silenceNoticed = true;
        }
    }

    private void Forget(string reason)
    {
        if (_peer is not null)
        {
            Emit(new PeerLost(Interface, _peer, reason));
        }
        _peer = null;
        _peerStale = false;
        _silenceNoticed = false;
        _otherRouters.Clear();
        StopSending();
    }
}
