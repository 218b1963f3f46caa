using System.Globalization;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Daemon;

/// <summary>Which part of the Loc-RIB "routes" returns: "routes limit N after PREFIX" (either part optional).</summary>
internal readonly record struct RoutePage(int Limit, Prefix? After)
{
    public static readonly RoutePage All = new(int.MaxValue, null);

    public static bool TryParse(string text, out RoutePage page, out string why)
    {
        page = All;
        why = "";
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < words.Length; i += 2)
        {
            string value = i + 1 < words.Length ? words[i + 1] : "";
            switch (words[i])
            {
                case "limit" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int limit) && limit > 0:
                    page = page with { Limit = limit };
                    break;
                case "after" when Prefix.TryParse(value, out var after):
                    page = page with { After = after };
                    break;
                default:
                    why = $"routes takes 'limit N' (N > 0) and 'after PREFIX', got '{text}'";
                    return false;
            }
        }
        return true;
    }
}
