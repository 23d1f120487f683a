namespace DeferredOrleans.Core.Policy;

/// <summary>Matches identifiers against patterns where <c>*</c> stands for any run of characters.</summary>
public static class Glob
{
    public static bool IsMatch(string pattern, string value) => IsMatch(pattern.AsSpan(), value.AsSpan());

    public static bool IsMatchAny(IEnumerable<string> patterns, string value) => patterns.Any(p => IsMatch(p, value));

    private static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> value)
    {
        var star = pattern.IndexOf('*');
        if (star < 0)
        {
            return pattern.SequenceEqual(value);
        }

        var prefix = pattern[..star];
        if (!value.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = pattern[(star + 1)..];
        var remaining = value[prefix.Length..];
        for (var skip = 0; skip <= remaining.Length; skip++)
        {
            if (IsMatch(rest, remaining[skip..]))
            {
                return true;
            }
        }

        return false;
    }
}
