using Sav.Backoffice;
using Sav.Backoffice.Cli;
using Sav.Domain;

if (AdminCli.IsVerb(args)) return await AdminCli.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddSavDomain();
builder.AddBackoffice();

var app = builder.Build();
app.UseBackoffice();
app.Run();
return 0;
