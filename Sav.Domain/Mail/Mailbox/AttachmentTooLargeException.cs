using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Sav.Domain.Documents;

namespace Sav.Domain.Mail.Mailbox;

/// <summary>An attachment larger than the documents' size limit, found while it was being stored.</summary>
public sealed class AttachmentTooLargeException(long atLeast)
    : IOException($"The attachment is larger than the size limit ({atLeast} bytes at least).")
{
    public long AtLeast { get; } = atLeast;
}
