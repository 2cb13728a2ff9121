using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Sav.Domain.Journal;

/// <summary>Tells a database that is away (stopped, restarting, unreachable, out of disk) from one that refuses what it
/// was asked (a constraint, a bug): only the first is worth journalling and trying again later.</summary>
public static class DatabaseFailure
{
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    // 08 connection, 53 insufficient resources (a full disk), 57 operator intervention (a shutdown),
                    // 58 system error: the server is away or cannot write. Anything else is an answer.
                    return postgres.SqlState[..2] is "08" or "53" or "57" or "58";
                case NpgsqlException:
                    // Not a server's answer: the connection failed or broke.
                    return true;
                case SqliteException sqlite:
                    // Busy or locked too long, an I/O error, a full disk, a file that cannot be opened.
                    return sqlite.SqliteErrorCode is 5 or 6 or 10 or 13 or 14;
                case DbException { IsTransient: true }:
                case SocketException:
                case TimeoutException:
                    return true;
            }
        }
        return false;
    }
}
