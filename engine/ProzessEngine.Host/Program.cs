using ProzessEngine.Host.Setup;

var builder = WebApplication.CreateBuilder(EngineSetup.BuilderOptions(args));
builder.AddProzessEngine();

var app = builder.Build();
app.UseProzessEngine();
app.MapProzessEngine();

if (!await app.InitializeEngineAsync())
{
    // Disposing flushes the console logger, whose queue would otherwise be lost with the message that says why.
    await app.DisposeAsync();
    return 1;
}

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
