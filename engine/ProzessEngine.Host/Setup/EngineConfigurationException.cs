namespace ProzessEngine.Host.Setup;

/// <summary>
/// A setting the host cannot even be built with (a value not of its type, a limit below its floor). Program.cs prints its
/// message as one line and exits non-zero: it names the setting, and a stack trace would only hide it.
/// </summary>
internal sealed class EngineConfigurationException(Exception cause) : Exception(StartupChecks.OneLine(cause.Message), cause);
