using ProzessEngine.Host.Setup;

// The slim builder leaves out what a node does not use (QUIC, IIS); what it does use is wired back in AddProzessEngine.
var builder = WebApplication.CreateSlimBuilder(EngineSetup.BuilderOptions(args));
try
{
    builder.AddProzessEngine();
}
catch (EngineConfigurationException ex)
{
    // No logger exists yet: one line on standard error, which is where a container's log collects it too.
    await Console.Error.WriteLineAsync($"crit: The engine does not start: {ex.Message}");
    return 1;
}

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
