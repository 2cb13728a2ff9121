using NetArchTest.Rules;

namespace Sav.Tests.Architecture;

/// <summary>The shape the brief fixes: every rule in <c>Sav.Domain</c>, which knows nothing of the web or of the pages;
/// the public gateway and the private backoffice never lean on each other.</summary>
public class LayersTests
{
    private static readonly System.Reflection.Assembly Domain = typeof(Sav.Domain.Data.SavDbContext).Assembly;
    private static readonly System.Reflection.Assembly Gateway = typeof(Sav.Gateway.GatewayMarker).Assembly;
    private static readonly System.Reflection.Assembly Backoffice = typeof(Sav.Backoffice.BackofficeMarker).Assembly;

    [Fact]
    public void The_domain_uses_neither_ASP_NET_Core_nor_Blazor_nor_MudBlazor()
    {
        var result = Types.InAssembly(Domain).ShouldNot()
            .HaveDependencyOnAny("Microsoft.AspNetCore", "MudBlazor", "Sav.Gateway", "Sav.Backoffice").GetResult();

        Assert.True(result.IsSuccessful, "Sav.Domain leans on a host: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void The_gateway_and_the_backoffice_do_not_reference_each_other()
    {
        Assert.DoesNotContain(Gateway.GetReferencedAssemblies(), a => a.Name == Backoffice.GetName().Name);
        Assert.DoesNotContain(Backoffice.GetReferencedAssemblies(), a => a.Name == Gateway.GetName().Name);
        var gateway = Types.InAssembly(Gateway).ShouldNot().HaveDependencyOn("Sav.Backoffice").GetResult();
        var backoffice = Types.InAssembly(Backoffice).ShouldNot().HaveDependencyOn("Sav.Gateway").GetResult();
        Assert.True(gateway.IsSuccessful, "the gateway leans on the backoffice: " + string.Join(", ", gateway.FailingTypeNames ?? []));
        Assert.True(backoffice.IsSuccessful, "the backoffice leans on the gateway: " + string.Join(", ", backoffice.FailingTypeNames ?? []));
    }
}
