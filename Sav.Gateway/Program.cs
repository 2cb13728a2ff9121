using Sav.Domain;
using Sav.Gateway;
using Sav.Gateway.Forms;
using Sav.Gateway.Forms.Pages;

var builder = WebApplication.CreateBuilder(args);
// No memory mapping of a SQLite file: openings read little of it, and every page mapped stayed resident (Database:MemoryMapSize).
builder.AddSavDomain(memoryMap: 0);
builder.AddGatewayProtection();
builder.AddGatewayForms();
builder.AddGatewayJournal();
builder.AddGatewayJobs();

var app = builder.Build();
app.UseGatewayProtection();
app.MapFormsApi();
app.MapPublicForms();
app.Run();
