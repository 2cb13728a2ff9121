using System.Data.Common;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>Tells a failure of what the sweep works with (the database, the mailbox, the document store, the host
/// stopping) from a failure of one message. The first ends the run, and the next run starts where it stopped; anything
/// else, whatever its type, is the message's own and costs that message alone: it is quarantined and the sweep goes on.
/// The list is of the outside's failures, never of the message's: a surprise nobody thought of stays with its message.</summary>
public static class SweepFailure
{
    public static bool IsOutside(Exception e) => e switch
    {
        OperationCanceledException => true,
        DbException or DbUpdateException => true,
        IOException or UnauthorizedAccessException or SocketException or HttpRequestException => true,
        MailKit.ProtocolException or MailKit.CommandException or MailKit.ServiceNotConnectedException
            or MailKit.ServiceNotAuthenticatedException or MailKit.Security.AuthenticationException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsOutside),
        // EF Core wraps a database that went away (« a transient failure »).
        InvalidOperationException { InnerException: { } inner } => IsOutside(inner),
        _ => false,
    };

    /// <summary>What an analyst reads in « Santé des mails » about a message that could not be handled.</summary>
    public static string Reason(string stage, Exception e) =>
        MailFiler.Truncate($"Message impossible à traiter ({stage}) : {e.GetType().Name} : {e.Message}", 4000);
}
