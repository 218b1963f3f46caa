namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>
/// The Linux errno values netlink reports (generic numbering, shared by x86-64 and arm64). Kept as plain
/// numbers because the kernel sends them as numbers; <see cref="Name"/> gives the symbol for logs.
/// </summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int ERANGE = 34;
    public const int EMSGSIZE = 90;
    public const int EPROTONOSUPPORT = 93;
    public const int EOPNOTSUPP = 95;
    public const int EAFNOSUPPORT = 97;
    public const int EADDRNOTAVAIL = 99;
    public const int ENETDOWN = 100;
    public const int ENETUNREACH = 101;
    public const int ENOBUFS = 105;
    public const int ETIMEDOUT = 110;
    public const int EHOSTUNREACH = 113;

    /// <summary>Worth trying again after a pause: the kernel ran short of memory or buffer space.</summary>
    public static bool IsTransient(int errno) => errno is ENOBUFS or EAGAIN or ENOMEM or EBUSY or EINTR;

    public static string Name(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        ESRCH => "ESRCH",
        EINTR => "EINTR",
        EBADF => "EBADF",
        EAGAIN => "EAGAIN",
        ENOMEM => "ENOMEM",
        EACCES => "EACCES",
        EBUSY => "EBUSY",
        EEXIST => "EEXIST",
        ENODEV => "ENODEV",
        EINVAL => "EINVAL",
        ERANGE => "ERANGE",
        EMSGSIZE => "EMSGSIZE",
        EPROTONOSUPPORT => "EPROTONOSUPPORT",
        EOPNOTSUPP => "EOPNOTSUPP",
        EAFNOSUPPORT => "EAFNOSUPPORT",
        EADDRNOTAVAIL => "EADDRNOTAVAIL",
        ENETDOWN => "ENETDOWN",
        ENETUNREACH => "ENETUNREACH",
        ENOBUFS => "ENOBUFS",
        ETIMEDOUT => "ETIMEDOUT",
        EHOSTUNREACH => "EHOSTUNREACH",
        _ => $"errno {errno}",
    };
}

/// <summary>An error the kernel (or our own validation before sending) reported for one request.</summary>
/// <param name="Errno">A positive errno value.</param>
/// <param name="Detail">The kernel's extended-ack text when it gave one, or our own reason.</param>
public readonly record struct NetlinkError(int Errno, string? Detail = null)
{
    public string Name => Netlink.Errno.Name(Errno);

    public override string ToString() => Detail is null ? Name : $"{Name}: {Detail}";
}
