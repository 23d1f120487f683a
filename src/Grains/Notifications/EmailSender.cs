using System.Net.Sockets;
using DeferredOrleans.Abstractions.Notifications;
using DeferredOrleans.Core.Notifications;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DeferredOrleans.Grains.Notifications;

/// <summary>
/// The email channel: one SMTP session per message (MailKit), plain text and HTML as multipart/alternative. The
/// Message-ID is derived from the message's idempotency key, so every attempt of a message carries the same one.
/// </summary>
public sealed class EmailSender(IOptions<NotificationOptions> options) : INotificationSender
{
    private readonly NotificationOptions _options = options.Value;

    public NotificationChannel Channel => NotificationChannel.Email;

    public async Task<SendResult> SendAsync(OutboundNotification message, CancellationToken cancellationToken)
    {
        var smtp = _options.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            // The operator may configure one later; the message waits for it within its attempts.
            return SendResult.Failed(DeliveryFailure.Transient, "no SMTP server is configured");
        }

        if (!MailboxAddress.TryParse(message.Destination, out var to) || !MailboxAddress.TryParse(smtp.From, out var from))
        {
            return SendResult.Failed(DeliveryFailure.Permanent, "the recipient or the From address is not a valid address");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Security(smtp.Security), timeout.Token);
            if (smtp.UserName is { } user)
            {
                await client.AuthenticateAsync(user, smtp.PasswordEnv is { } variable ? Environment.GetEnvironmentVariable(variable) ?? "" : "", timeout.Token);
            }

            var answer = await client.SendAsync(Build(message, from, to), timeout.Token);
            await client.DisconnectAsync(quit: true, timeout.Token);
            return SendResult.Ok(answer);
        }
        catch (SmtpCommandException e)
        {
            // RFC 5321 §4.2.2-4.2.3: 550-554 refuse this sender, mailbox or message for good. 4yz is worth retrying, and
            // so are 500-504 (the dialogue broke down, e.g. a failing server answering 500): they judge no message.
            var permanent = (int)e.StatusCode >= 550 && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted;
            return SendResult.Failed(permanent ? DeliveryFailure.Permanent : DeliveryFailure.Transient, $"SMTP {(int)e.StatusCode}");
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or OperationCanceledException or
                                    TimeoutException or AuthenticationException or ServiceNotConnectedException or ServiceNotAuthenticatedException or
                                    SslHandshakeException or ProtocolException)
        {
            return SendResult.Failed(DeliveryFailure.Transient, e is OperationCanceledException ? "timed out" : e.GetType().Name);
        }
    }

    /// <summary>The MIME message: RFC 3834 <c>Auto-Submitted</c>, so auto-responders stay quiet.</summary>
    private static MimeMessage Build(OutboundNotification message, MailboxAddress from, MailboxAddress to)
    {
        var mime = new MimeMessage
        {
            Subject = message.Title,
            MessageId = $"{message.IdempotencyKey}@{(string.IsNullOrEmpty(from.Domain) ? "localhost" : from.Domain)}",
            Date = message.CreatedAt,
            Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody(),
        };
        mime.From.Add(from);
        mime.To.Add(to);
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        mime.Headers.Add("X-DeferredOrleans-Kind", message.Kind);
        return mime;
    }

    private static SecureSocketOptions Security(SmtpSecurity security) => security switch
    {
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };
}
