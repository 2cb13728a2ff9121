using Sav.Domain;
using Sav.Gateway;
using Sav.Gateway.Forms;
using Sav.Gateway.Forms.Pages;

var builder = WebApplication.CreateBuilder(args);
builder.AddSavDomain();
builder.AddGatewayProtection();
builder.AddGatewayForms();
builder.AddGatewayJournal();
builder.AddGatewayJobs();

var app = builder.Build();
app.UseGatewayProtection();
app.MapFormsApi();
app.MapPublicForms();
app.Run();
