using Microsoft.Extensions.Options;
using MimeKit;

namespace Sav.Domain.Mail.Senders;

/// <summary>Writes each mail as an .eml file. The file is written under a temporary name and
/// renamed, so a reader of the folder never sees half a mail.</summary>
public sealed class PickupFolderSender(IOptions<MailOptions> options, TimeProvider? clock = null) : IMailSender
{
    public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(options.Value.PickupFolder);
        Directory.CreateDirectory(folder);
        var name = $"{(clock ?? TimeProvider.System).GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml";
        var temporary = Path.Combine(folder, "." + name + ".tmp");
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.WriteThrough))
        {
            await message.WriteToAsync(stream, cancellationToken);
        }
        File.Move(temporary, Path.Combine(folder, name));
        return name;
    }
}
