namespace DeferredOrleans.Silo.Storage.Sqlite;

/// <summary>
/// A grain state's row in <c>OrleansStorage</c>, keyed as the ADO.NET provider keys a string-keyed grain: the service,
/// the state's name, and the grain's key (its N0 and N1 columns are 0).
/// </summary>
public readonly record struct StateRow(string ServiceId, string StateName, string Key);
