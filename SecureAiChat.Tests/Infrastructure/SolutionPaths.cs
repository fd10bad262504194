namespace SecureAiChat.Tests.Infrastructure;

/// <summary>Finds the repository's folders from the test binaries, for tests that read source files.</summary>
public static class SolutionPaths
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SecureAiChat.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("SecureAiChat.sln not found above the test binaries.");
        }
    }

    public static string Project(string name) => Path.Combine(Root, name);
}
