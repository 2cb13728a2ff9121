using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Sav.Domain.Data;

namespace Sav.Domain.Security;

/// <summary>One key of the ring that protects what a host hands out and reads back (the forms' anti-forgery tokens,
/// the analysts' sign-in cookies), as the XML ASP.NET Core's data protection writes: encrypted with the certificate of
/// <see cref="KeyRingOptions"/> when one is set.</summary>
public class ProtectionKey
{
    public int Id { get; set; }
    public string FriendlyName { get; set; } = "";
    public string Xml { get; set; } = "";
}

/// <summary><c>KeyRing</c>: the certificate (a PKCS #12 file and its password) that encrypts the keys kept in the
/// database. Without it they are kept as they are, readable by whoever reads the database.</summary>
public sealed class KeyRingOptions
{
    public const string Section = "KeyRing";

    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }

    public static KeyRingOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<KeyRingOptions>() ?? new KeyRingOptions();

    /// <summary>The certificate, null when none is set; a clear error when the file cannot be read or holds no private key.</summary>
    public X509Certificate2? Certificate()
    {
        if (string.IsNullOrWhiteSpace(CertificatePath)) return null;
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"KeyRing:CertificatePath: {CertificatePath} cannot be read as a PKCS #12 file with KeyRing:CertificatePassword ({e.Message}).", e);
        }
        return certificate.HasPrivateKey ? certificate
            : throw new InvalidOperationException($"KeyRing:CertificatePath: {CertificatePath} holds no private key: the keys could be encrypted but never read back.");
    }
}

/// <summary>The key ring in the shared database: every gateway and every backoffice reads the keys any of them wrote,
/// so a form shown by one gateway is accepted by another behind the same load balancer, and nobody is signed out when a
/// host moves to a new machine or container.</summary>
public sealed class KeyRingStore(IDbContextFactory<SavDbContext> dbFactory)
{
    public IReadOnlyCollection<XElement> All()
    {
        using var db = dbFactory.CreateDbContext();
        return db.ProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).AsEnumerable().Select(x => XElement.Parse(x)).ToList();
    }

    public void Add(XElement element, string friendlyName)
    {
        using var db = dbFactory.CreateDbContext();
        db.ProtectionKeys.Add(new ProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
