using System.Globalization;
using System.Text;

namespace DeferredOrleans.Client;

/// <summary>
/// One pending answer, for the caller's <see cref="IProgress{T}"/>: the server's opaque progress description
/// (<c>step=quorum;approved=1;required=2</c>) read where it has that shape, the deadline and the next poll.
/// <see cref="ToString"/> reads "waiting for approval, step=quorum, 1 of 2".
/// </summary>
public sealed record DeferralProgress(
    string DeferralCode,
    string? Step,
    int? Approved,
    int? Required,
    string? Description,
    Uri? InteractionUri,
    TimeSpan NextPollIn,
    DateTimeOffset ExpiresAt)
{
    internal static DeferralProgress From(PollState state, ServerAnswer.Pending pending, DateTimeOffset now)
    {
        string? step = null;
        int? approved = null, required = null;
        foreach (var part in (pending.Description ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (key, value) = part.IndexOf('=', StringComparison.Ordinal) is var at and > 0 ? (part[..at], part[(at + 1)..]) : (part, "");
            switch (key)
            {
                case "step":
                    step = value;
                    break;
                case "approved" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var a):
                    approved = a;
                    break;
                case "required" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var r):
                    required = r;
                    break;
            }
        }

        return new DeferralProgress(state.DeferralCode!, step, approved, required, pending.Description, state.InteractionUri,
            state.NextPollAt > now ? state.NextPollAt - now : TimeSpan.Zero, state.Deadline);
    }

    /// <summary>"waiting for approval, step=quorum, 1 of 2", or the raw description when it has another shape.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("waiting for approval");
        if (Step is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", step={Step}");
        }

        if (Approved is not null && Required is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", {Approved} of {Required}");
        }
        else if (Step is null && !string.IsNullOrEmpty(Description))
        {
            text.Append(", ").Append(Description);
        }

        return text.ToString();
    }
}
