using Orleans.Configuration;

namespace DeferredOrleans.Silo.Clustering;

/// <summary>
/// Failure detection for the cluster profile. Orleans' defaults (5 s probe timeout, 3 missed probes, table refresh
/// every 60 s) take 15 to 60 s to declare a dead silo dead; until then the grains it hosted cannot be reached. Here
/// every silo probes its peers each second and a silo that misses 3 probes in a row is suspected; with two silos one
/// vote suffices (Orleans needs at most half of the live silos), so a killed silo is declared dead after about 3 to
/// 5 s and its grains reactivate on the survivors from storage. Any value can be overridden under
/// <c>DeferredOrleans:Silo:Membership</c> (the property names of <see cref="ClusterMembershipOptions"/>).
/// </summary>
public static class MembershipTuning
{
    public const string Section = "DeferredOrleans:Silo:Membership";

    public static ISiloBuilder UseFastFailureDetection(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 3;
            o.NumVotesForDeathDeclaration = 2;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
            o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(30);
            o.MaxJoinAttemptTime = TimeSpan.FromMinutes(2);
        });
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(Section));
        return silo;
    }
}
