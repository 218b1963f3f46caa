using System.Collections.Concurrent;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Transport;

/// <summary>Messages per type, kept as numbers (read by metrics and the CLI, never computed by walking anything).</summary>
public sealed class MessageCounters
{
    private long _open, _update, _notification, _keepalive, _routeRefresh;
    private readonly ConcurrentDictionary<(byte Code, byte Subcode), long> _notifications = new();

    public long Open => Interlocked.Read(ref _open);
    public long Update => Interlocked.Read(ref _update);
    public long Notification => Interlocked.Read(ref _notification);
    public long Keepalive => Interlocked.Read(ref _keepalive);
    public long RouteRefresh => Interlocked.Read(ref _routeRefresh);
    public long Total => Open + Update + Notification + Keepalive + RouteRefresh;

    /// <summary>NOTIFICATIONs by error code and subcode (RFC 4271 §4.5), since the daemon started.</summary>
    public IEnumerable<KeyValuePair<(byte Code, byte Subcode), long>> Notifications => _notifications;

    public void Count(BgpMessage message)
    {
        Count(message.Type);
        if (message is NotificationMessage notification)
        {
            _notifications.AddOrUpdate(((byte)notification.Code, notification.Subcode), 1, (_, n) => n + 1);
        }
    }

    public void Count(MessageType type, int count = 1)
    {
        switch (type)
        {
            case MessageType.Open: Interlocked.Add(ref _open, count); break;
            case MessageType.Update: Interlocked.Add(ref _update, count); break;
            case MessageType.Notification: Interlocked.Add(ref _notification, count); break;
            case MessageType.Keepalive: Interlocked.Add(ref _keepalive, count); break;
            case MessageType.RouteRefresh: Interlocked.Add(ref _routeRefresh, count); break;
        }
    }
}
