using Stadtkern.Platform.Cli;

return await StadtkernCli.RunAsync(args);

/// <summary>Entry point; public so integration tests can host the service.</summary>
public partial class Program;
