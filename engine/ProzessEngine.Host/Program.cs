using ProzessEngine.Host.Setup;

var builder = WebApplication.CreateBuilder(args);
builder.AddProzessEngine();

var app = builder.Build();
app.UseProzessEngine();
app.MapProzessEngine();

if (!await app.InitializeEngineAsync())
{
    return 1;
}

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
