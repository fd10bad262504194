using SecureAiChat.Core.Identity;
using SecureAiChat.Web.Features.Audit;

namespace SecureAiChat.Web.Hosting;

/// <summary>
/// Maintenance commands of the web app:
/// <c>migrate</c> applies database migrations (the way SQL Server is migrated), and
/// <c>create-operator &lt;email&gt; [display name]</c> creates a platform operator (password from
/// SECUREAICHAT_OPERATOR_PASSWORD or prompted), and <c>audit verify [--workspace &lt;identifier&gt;]</c> verifies audit chains.
/// </summary>
public static class CommandLine
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "migrate" or "create-operator" or "audit";

    /// <summary>Strips the command words so the host's configuration sees only <c>--key value</c> pairs.</summary>
    public static string[] HostArgs(string[] args) => IsCommand(args) ? args.SkipWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray() : args;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        switch (args[0])
        {
            case "migrate":
                await DatabaseStartup.MigrateAsync(app.Services);
                Console.WriteLine("Database migrated.");
                return 0;
            case "create-operator":
                return await CreateOperatorAsync(app, args);
            case "audit":
                return await AuditVerifyCommand.RunAsync(app.Services, args, Console.Out, Console.Error);
            default:
                return 2;
        }
    }

    private static async Task<int> CreateOperatorAsync(WebApplication app, string[] args)
    {
        var words = args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        if (words.Length == 0)
        {
            Console.Error.WriteLine("usage: create-operator <email> [display name]");
            return 2;
        }
        await DatabaseStartup.MigrateAsync(app.Services);
        var password = Environment.GetEnvironmentVariable("SECUREAICHAT_OPERATOR_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            Console.Write("Password: ");
            password = ReadHidden();
        }
        var result = await app.Services.GetRequiredService<OperatorAccounts>()
            .CreateAsync(words[0], password, words.Length > 1 ? string.Join(' ', words[1..]) : words[0]);
        if (result.Succeeded)
        {
            Console.WriteLine($"Operator {words[0]} created. Sign in at the platform site: /Account/Login");
            return 0;
        }
        foreach (var error in result.Errors) Console.Error.WriteLine(error.Description);
        return 1;
    }

    private static string ReadHidden()
    {
        if (Console.IsInputRedirected) return Console.ReadLine() ?? "";
        var chars = new List<char>();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && chars.Count > 0) chars.RemoveAt(chars.Count - 1);
            else if (!char.IsControl(key.KeyChar)) chars.Add(key.KeyChar);
        }
        Console.WriteLine();
        return new string(chars.ToArray());
    }
}
