namespace DeferredOrleans.Silo.Storage;

/// <summary>The Azure Storage service that holds grain state in the cluster profile.</summary>
public enum AzureGrainStore
{
    Table,
    Blob,
}
