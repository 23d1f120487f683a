using System.Globalization;

namespace DeferredOrleans.Core.Connectors;

/// <summary>RFC 9110 §10.2.3 <c>Retry-After</c>: delay-seconds or an HTTP-date.</summary>
public static class RetryAfter
{
    /// <summary>The wait asked for, or null when absent or malformed; a date in the past means no wait.</summary>
    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (value.All(char.IsAsciiDigit))
        {
            return value.Length <= 9 ? TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)) : null;
        }

        return DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? (at > now ? at - now : TimeSpan.Zero)
            : null;
    }
}
