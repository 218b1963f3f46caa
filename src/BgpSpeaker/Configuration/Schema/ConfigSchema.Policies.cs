namespace BgpSpeaker.Configuration.Schema;

internal static partial class ConfigSchema
{
    public static class PrefixLists
    {
        public static readonly ConfigSection EntrySection = new("prefixLists.NAME[]", "prefix list entry",
            "An entry is \"10.0.0.0/8\", \"10.0.0.0/8 le 32\", \"10.0.0.0/8 ge 24 le 32\", or this mapping. Without ge or le only the exact prefix matches.",
        [
            Key.Of("prefix", "prefix", "required", "The covering prefix."),
            Key.Of("ge", "length", "the prefix's length", "Shortest length that matches."),
            Key.Of("le", "length", "ge alone: the family's full length; else the prefix's", "Longest length that matches."),
        ]);
    }

    public static class Policy
    {
        public static readonly ConfigSection PrependSection = new("policies.NAME.terms[].set.prepend", "prepend", "A prepend: a count alone, or this mapping.",
        [
            Key.Of("asn", "AS number", "our AS", "The AS to prepend."),
            Key.Of("count", "number 1..10", "1", "How many times."),
        ]);

        public static readonly ConfigSection CommunitiesSection = new("policies.NAME.terms[].set.communities", "set communities",
            "Replace first, then delete, then add.",
        [
            Key.Of("add", "list of communities", "", "Appended, never twice."),
            Key.Of("delete", "list of communities", "", "Removed."),
            Key.Of("replace", "list of communities", "", "The new list ([] removes them all)."),
        ]);

        public static readonly ConfigSection LargeCommunitiesSection = new("policies.NAME.terms[].set.largeCommunities", "set largeCommunities",
            "Delete, then add.",
        [
            Key.Of("add", "list of large communities", "", "Appended, never twice."),
            Key.Of("delete", "list of large communities", "", "Removed."),
        ]);

        public static readonly ConfigSection SetSection = new("policies.NAME.terms[].set", "set", "Changes to the route, in this order.",
        [
            Key.Of("localPref", "number 0..4294967295", "", "LOCAL_PREF."),
            Key.Of("med", "number 0..4294967295", "", "MULTI_EXIT_DISC."),
            Key.Holding("communities", "mapping", CommunitiesSection, "", "Community changes."),
            Key.Holding("largeCommunities", "mapping", LargeCommunitiesSection, "", "Large community changes."),
            Key.Holding("prepend", "count or mapping", PrependSection, "", "AS path prepend."),
        ]);

        public static readonly ConfigSection MatchSection = new("policies.NAME.terms[].match", "match",
            "Every condition given must hold; within a list, any item. A single value may stand for a list of one.",
        [
            Key.Of("prefixLists", "prefix list names", "", "The prefix matches one of them."),
            Key.Of("communities", "communities", "", "The route carries one of them."),
            Key.Of("largeCommunities", "large communities", "", "The route carries one of them."),
            Key.Of("asPathContains", "AS numbers", "", "The AS path contains one of them."),
            Key.Of("asPathLength", "number 0..1000", "", "The AS path is at most this long (an AS_SET counts one)."),
            Key.Of("family", "ipv4 \\| ipv6", "", "The address family."),
            Key.Of("source", "networks \\| redistributed \\| learned", "", "Where the route came from."),
        ]);

        public static readonly ConfigSection TermSection = new("policies.NAME.terms[]", "term",
            "Conditions, changes, then an action; terms are tried top to bottom.",
        [
            Key.Holding("match", "mapping", MatchSection, "every route", "Conditions."),
            Key.Holding("set", "mapping", SetSection, "", "Changes."),
            Key.Of("action", "accept \\| reject \\| next", "next", "accept and reject end the evaluation; next goes on with the changed route."),
        ]);

        public static readonly ConfigSection Section = new("policies.NAME", "policy",
            "A policy: a list of terms, or this mapping. A route no term accepted or rejected gets the default.",
        [
            Key.Holding("terms", "list of mappings", TermSection, "", "The terms, in order."),
            Key.Of("default", "accept \\| reject", "reject", "What a route no term decided gets."),
        ]);
    }
}
