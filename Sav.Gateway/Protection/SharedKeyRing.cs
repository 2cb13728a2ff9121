using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sav.Domain.Security;

// Compiled into both hosts (Sav.Backoffice links this file): the domain may not use ASP.NET Core, whose data protection
// this configures.
namespace Sav.Hosting;

/// <summary>Data protection on the key ring the hosts share through the database (<see cref="KeyRingStore"/>), encrypted
/// with <c>KeyRing:CertificatePath</c> when set: a form shown by one gateway is posted through the load balancer to
/// another, and an analyst's sign-in holds on any backoffice and after a move to a new machine or container.</summary>
public static class SharedKeyRing
{
    /// <param name="application">The host's name: what one kind of host protects, the other cannot read.</param>
    public static IHostApplicationBuilder AddSharedKeyRing(this IHostApplicationBuilder builder, string application)
    {
        // Named, not left to the content root's path, which differs from one machine or container to the next.
        var protection = builder.Services.AddDataProtection().SetApplicationName(application);
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<KeyRingStore>((o, store) => o.XmlRepository = new Repository(store));
        if (KeyRingOptions.From(builder.Configuration).Certificate() is { } certificate)
            protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        return builder;
    }

    private sealed class Repository(KeyRingStore store) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => store.All();
        public void StoreElement(XElement element, string friendlyName) => store.Add(element, friendlyName);
    }
}
