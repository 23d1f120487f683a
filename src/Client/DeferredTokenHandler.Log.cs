using Microsoft.Extensions.Logging;

namespace DeferredOrleans.Client;

public sealed partial class DeferredTokenHandler
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Not answering the challenge of {Target}: {Reason}")]
    private static partial void LogRefused(ILogger logger, Uri target, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Target} asks for scope '{Scope}': requesting a token for {Audience} from {Issuer}")]
    private static partial void LogRequesting(ILogger logger, Uri target, string scope, string audience, Uri issuer);
}
