using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sav.Domain.Documents;

namespace Sav.Domain.Tickets;

public static class CustomerRequestsExtensions
{
    /// <summary>The services behind the public forms: requests on a ticket, and the files sent with one.</summary>
    public static IHostApplicationBuilder AddSavCustomerRequests(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CustomerRequests>();
        builder.Services.AddSingleton<TicketDocuments>();
        builder.Services.AddOptions<UploadOptions>().BindConfiguration(DocumentOptions.Section)
            .Validate(o => o.MaxFiles is >= 0 and <= 50, "Documents:MaxFiles must be between 0 and 50.")
            .Validate(o => o.EffectiveAllowedTypes.All(t => t.Contains('/')), "Documents:AllowedTypes holds media types such as image/jpeg or image/*.")
            .ValidateOnStart();
        return builder;
    }
}
