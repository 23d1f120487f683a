using DeferredOrleans.Core.Deferrals;

namespace DeferredOrleans.UnitTests;

/// <summary>Settings of deferred requests that Orleans would refuse with an abort are refused at start in one line.</summary>
public sealed class DeferralOptionsTests
{
    [Theory]
    [InlineData("00:02:00", true)]
    [InlineData("00:01:01", true)]
    [InlineData("00:01:00", false)]
    [InlineData("00:00:30", false)]
    public void IdleDeactivation_MustBeAboveOrleansCollectionQuantum(string idle, bool valid)
    {
        var options = new DeferralOptions { IdleDeactivation = TimeSpan.Parse(idle, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal(valid, !options.Problems().Any());
    }
}
