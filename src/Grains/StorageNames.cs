namespace DeferredOrleans.Grains;

/// <summary>Names of the grain storage providers; every hosting profile registers all of them.</summary>
public static class StorageNames
{
    public const string Deferrals = "deferrals";
    public const string Inboxes = "inboxes";
    public const string Keys = "keys";

    public static readonly IReadOnlyList<string> All = [Deferrals, Inboxes, Keys];
}
