namespace PlanCenter.Storage;

/// <summary>The database providers PlanCenter can run on; chosen explicitly, never guessed.</summary>
public enum StorageProvider
{
    /// <summary>A SQLite file in <see cref="StorageOptions.DataDirectory"/>.</summary>
    Sqlite,

    /// <summary>A private in-memory SQLite database that lives as long as the process (tests, demos).</summary>
    InMemory,
}

/// <summary>Where and how the data is kept (configuration section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Folder of the SQLite file; default <c>~/.local/share/plancenter</c> (the user's data folder).</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    public static string DefaultDataDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "plancenter");

    /// <summary>Path of the SQLite database file.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, "plancenter.db");
}
