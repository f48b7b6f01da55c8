namespace PlanCenter.Api.Tests.Support;

/// <summary>What one in-process run of the <c>plancenter</c> command printed and returned.</summary>
public sealed record CommandResult(int ExitCode, string Out, string Error);

/// <summary>
/// Runs <c>plancenter</c> in-process with its console captured. Console redirection is process-wide, so
/// every test class using it belongs to <see cref="ConsoleCollection"/> (no parallel runs).
/// </summary>
public static class CommandLine
{
    /// <summary>Runs the command, adding <c>--data-dir</c> when <paramref name="dataDirectory"/> is given.</summary>
    public static async Task<CommandResult> RunAsync(string? dataDirectory, params string[] args)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exitCode = await Program.Main(dataDirectory is null ? args : [.. args, "--data-dir", dataDirectory]);
            return new CommandResult(exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
