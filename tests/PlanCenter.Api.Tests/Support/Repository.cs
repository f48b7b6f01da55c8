namespace PlanCenter.Api.Tests.Support;

/// <summary>The checkout the tests run from: its root and the built <c>plancenter</c> program.</summary>
public static class Repository
{
    /// <summary>The folder holding PlanCenter.slnx, above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The Debug build of the command-line program (built with the solution), for tests that run it as a real process.</summary>
    public static string CliDll => Path.Combine(Root, "artifacts", "bin", "PlanCenter", "debug", "plancenter.dll");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PlanCenter.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("PlanCenter.slnx not found above the test binaries.");
    }
}
