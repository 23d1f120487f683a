using Microsoft.Data.Sqlite;

namespace DeferredOrleans.Silo.Storage.Sqlite;

/// <summary>Creates (idempotently) the tables and stored queries that the Orleans ADO.NET providers need on SQLite.</summary>
public static class SqliteSchema
{
    /// <summary>The ADO.NET invariant under which Orleans loads Microsoft.Data.Sqlite (AdoNetInvariants.InvariantNameSqlLite).</summary>
    public const string Invariant = "System.Data.SQLite";

    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(path),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        // A busy database is waited for inside SQLite (SqliteBusyWait), up to the command timeout.
        DefaultTimeout = 30,
    }.ToString();

    public static async Task ApplyAsync(string path, CancellationToken cancellationToken)
    {
        CreateFiles(path);
        await using var connection = new SqliteConnection(ConnectionString(path));
        await connection.OpenAsync(cancellationToken);

        // WAL (kept in the file) lets readers proceed during a write. Connections keep SQLite's default
        // synchronous=FULL, so a commit, and so every answer that reports it, survives power loss too.
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
        foreach (var (_, script) in EmbeddedSql.Scripts("Sqlite"))
        {
            await ExecuteAsync(connection, script, cancellationToken);
        }
    }

    /// <summary>
    /// The database, its directory and its -wal and -shm files are for the server's user only (0600, a new directory
    /// 0700): the file is created before SQLite opens it, and SQLite gives the -wal and -shm files the database's mode.
    /// Files of an earlier version, which left them to the umask, are restricted too.
    /// </summary>
    public static void CreateFiles(string path)
    {
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
        {
            OwnerOnly.CreateDirectory(directory, restrictExisting: false);
        }

        OwnerOnly.CreateFile(full);
        foreach (var companion in new[] { full + "-wal", full + "-shm", full + "-journal" })
        {
            if (File.Exists(companion))
            {
                OwnerOnly.Restrict(companion, OwnerOnly.FilePermissions);
            }
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
