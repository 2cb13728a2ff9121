using Sav.Domain;
using Sav.Gateway;
using Sav.Gateway.Forms;

var builder = WebApplication.CreateBuilder(args);
builder.AddSavDomain();
builder.AddGatewayProtection();
builder.AddGatewayForms();
builder.AddGatewayJobs();

var app = builder.Build();
app.UseGatewayProtection();
app.MapFormsApi();
app.Run();
