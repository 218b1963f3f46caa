namespace BgpSpeaker.Platform.Linux.Icmpv6.Discovery;

/// <summary>When to send: RAs (first few fast, then periodic, answers rate-limited) and RSs.</summary>
public sealed partial class RouterDiscovery
{
    private TimeSpan? _nextSolicitation;
    private int _solicitationsLeft;
    private TimeSpan? _nextAdvertisement;
    private int _initialAdvertisementsLeft;
    private TimeSpan? _answerDue;
    private int _answersInHand = int.MaxValue; // full until first counted
    private TimeSpan _answersCountedAt;

    private bool _sendSolicitation;
    private bool _sendAdvertisement;
    private List<RouterDiscoveryEvent>? _events;

    /// <summary>The earliest time something is due (a send or a silence check); null when nothing is.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            TimeSpan? earliest = null;
            if (CanSend)
            {
                Consider(_nextSolicitation);
                Consider(_nextAdvertisement);
                Consider(_answerDue);
                if (_peer is null && !_silenceNoticed)
                {
                    Consider(_sendingSince + _options.StaleAfter);
                }
            }
            if (_peer is not null && !_peerStale)
            {
                Consider(_peerLastHeard + _options.StaleAfter);
            }
            foreach (var other in _otherRouters)
            {
                Consider(other.LastHeard + _options.StaleAfter);
            }
            return earliest;

            void Consider(TimeSpan? time)
            {
                if (time is { } t && (earliest is null || t < earliest))
                {
                    earliest = t;
                }
            }
        }
    }

    private void BeginSending(TimeSpan now)
    {
        _sendingSince = now;
        _silenceNoticed = false;
        _answerDue = null;
        _sendAdvertisement = true;
        _initialAdvertisementsLeft = _options.InitialAdvertisements - 1;
        _nextAdvertisement = now + NextAdvertisementGap();
        if (_peer is null && _options.Solicitations > 0)
        {
            _sendSolicitation = true;
            _solicitationsLeft = _options.Solicitations - 1;
            _nextSolicitation = _solicitationsLeft > 0 ? now + _options.SolicitationInterval : null;
        }
    }

    private void StopSending()
    {
        _nextSolicitation = null;
        _nextAdvertisement = null;
        _answerDue = null;
    }

    private TimeSpan NextAdvertisementGap() =>
        _initialAdvertisementsLeft > 0 ? _options.InitialAdvertisementInterval : _options.AdvertisementInterval;

    /// <summary>An RS arrived or a new peer spoke: answer now, or as soon as an answer is in hand again.</summary>
    private void AnswerPromptly(TimeSpan now)
    {
        if (!CanSend || _answerDue is not null)
        {
            return; // becoming usable sends an RA anyway; an answer already waits
        }
        if (TakeAnswer(now))
        {
            _sendAdvertisement = true;
        }
        else
        {
            _answerDue = _answersCountedAt + _options.AnswerInterval;
        }
    }

    /// <summary>A token bucket: <see cref="RouterDiscoveryOptions.AnswerBurst"/> answers, one back per interval.</summary>
    private bool TakeAnswer(TimeSpan now)
    {
        if (_answersInHand >= _options.AnswerBurst)
        {
            _answersInHand = _options.AnswerBurst;
            _answersCountedAt = now;
        }
        else
        {
            long earned = (now - _answersCountedAt).Ticks / _options.AnswerInterval.Ticks;
            _answersInHand = (int)Math.Min(_options.AnswerBurst, _answersInHand + earned);
            _answersCountedAt = _answersInHand == _options.AnswerBurst ? now : _answersCountedAt + (_options.AnswerInterval * earned);
        }
        if (_answersInHand == 0)
        {
            return false;
        }
        _answersInHand--;
        return true;
    }

    private void RunDueSends(TimeSpan now)
    {
        if (!CanSend)
        {
            return;
        }
        if (_nextSolicitation <= now)
        {
            _sendSolicitation = true;
            _solicitationsLeft--;
            _nextSolicitation = _solicitationsLeft > 0 ? now + _options.SolicitationInterval : null;
        }
        bool periodic = _nextAdvertisement <= now;
        if (periodic)
        {
            if (_initialAdvertisementsLeft > 0)
            {
                _initialAdvertisementsLeft--;
            }
            _nextAdvertisement = now + NextAdvertisementGap();
        }
        bool answer = _answerDue <= now && TakeAnswer(now);
        if (periodic || answer)
        {
            _sendAdvertisement = true;
            _answerDue = null; // a periodic RA answers a waiting solicitation too
        }
        else if (_answerDue <= now)
        {
            _answerDue = _answersCountedAt + _options.AnswerInterval;
        }
    }

    private void Begin()
    {
        _sendSolicitation = false;
        _sendAdvertisement = false;
        _events = null;
    }

    private void Emit(RouterDiscoveryEvent e) => (_events ??= []).Add(e);

    private DiscoveryStep Finish(TimeSpan now)
    {
        RunDueSends(now);
        CheckSilence(now);
        var description = Describe();
        if (description != _description)
        {
            _description = description;
            Emit(new DiscoveryStateChanged(Interface, State, description));
        }
        return new DiscoveryStep(_sendSolicitation, _sendAdvertisement, (IReadOnlyList<RouterDiscoveryEvent>?)_events ?? []);
    }
}
