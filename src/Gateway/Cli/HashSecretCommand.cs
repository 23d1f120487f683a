using DeferredOrleans.Gateway.Security;

namespace DeferredOrleans.Gateway.Cli;

/// <summary>
/// <c>dotnet run --project src/Gateway -- hash-secret [--token]</c>: reads a secret from standard input and prints
/// the hash to put in configuration (<c>SecretHash</c>, <c>PasswordHash</c>, or with --token a <c>TokenHash</c>).
/// </summary>
public static class HashSecretCommand
{
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != "hash-secret")
        {
            return false;
        }

        var secret = Console.In.ReadLine();
        if (string.IsNullOrEmpty(secret))
        {
            Console.Error.WriteLine("usage: echo -n SECRET | dotnet run --project src/Gateway -- hash-secret [--token]");
            Environment.ExitCode = 2;
            return true;
        }

        Console.WriteLine(args.Contains("--token") ? SecretHasher.HashToken(secret) : SecretHasher.HashPassword(secret));
        return true;
    }
}
