using System.Reflection;
using System.Xml.Linq;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Results;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Architecture;

/// <summary>
/// The refusal convention (docs/conventions.md, "Refusals"): a Core service that can refuse returns <see cref="Result{TCode}"/>
/// or <see cref="Result{T, TCode}"/>, and every code has its sentence in Web's resources. These tests keep new services
/// from growing a twelfth shape and keep every code worded in both languages.
/// </summary>
public sealed class RefusalConventionTests
{
    /// <summary>
    /// Result records that still carry refusals their own way, each with the reason. The test fails when an entry no longer
    /// matches (converted or gone), so the list stays true.
    /// </summary>
    private static readonly Dictionary<string, string> OwnShapes = new(StringComparer.Ordinal)
    {
        // None left: the AI settings' problems, the last shape of their own, name their form field in Problem.Field.
    };

    private static readonly string[] RefusalEnumSuffixes = ["Refusal", "Problem", "Error", "Outcome"];

    /// <summary>A type of its own, returned alone or in a list, with one of these names and a refusal property, is a problem record.</summary>
    private static readonly string[] ProblemRecordSuffixes = ["Problem", "Refusal", "Error", "Issue"];

    /// <summary>
    /// Inside a *Result record, an enum ending in "Code" (<c>SignupErrorCode</c>, <c>BudgetProblemCode</c>) is a refusal code too:
    /// a result record of its own that carries one, directly or in a problem record it lists, is caught.
    /// </summary>
    private const string CodeEnumSuffix = "Code";

    [Fact]
    public void Every_refusal_code_a_Core_service_returns_has_a_sentence_in_a_Web_resource_and_its_English_one()
    {
        var resources = WebResources();
        var missing = new List<string>();
        foreach (var code in ResultCodeEnums(typeof(AppDbContext).Assembly))
        {
            foreach (var member in Enum.GetNames(code))
            {
                var key = code.Name + "_" + member;
                if (!resources.Any(r => r.Has(key) || r.Has(key + "_Line"))) missing.Add($"{key} (enum {code.FullName})");
            }
        }
        Assert.True(missing.Count == 0, "Refusal codes without a sentence in a Web .resx and its .en.resx (add both, key {Enum}_{Code}):\n" + string.Join("\n", missing));
    }

    [Fact]
    public void No_public_Core_method_returns_a_result_record_or_problem_records_of_its_own_that_carry_refusals()
    {
        var offenders = OwnResultShapes(typeof(AppDbContext).Assembly).Select(t => t.FullName!).ToHashSet(StringComparer.Ordinal);
        var unexpected = offenders.Where(o => !OwnShapes.ContainsKey(o)).Order(StringComparer.Ordinal).ToList();
        var stale = OwnShapes.Keys.Where(k => !offenders.Contains(k)).ToList();
        Assert.True(unexpected.Count == 0, "Return Result<TCode> or Result<T, TCode> (SecureAiChat.Core.Results) instead of:\n" + string.Join("\n", unexpected));
        Assert.True(stale.Count == 0, "No longer a refusal shape of its own, remove from OwnShapes:\n" + string.Join("\n", stale));
    }

    [Fact]
    public void The_guards_see_a_code_without_a_sentence_and_a_result_record_of_its_own()
    {
        // The checks above run on these samples: each must be caught, or the guards would pass on anything.
        Assert.Contains(typeof(SampleRefusal), ResultCodeEnums(typeof(RefusalConventionTests).Assembly));
        Assert.DoesNotContain(WebResources(), r => r.Has(nameof(SampleRefusal) + "_" + nameof(SampleRefusal.Unworded)));
        Assert.Contains(typeof(SampleResult), OwnResultShapes(typeof(RefusalConventionTests).Assembly));
        Assert.Contains(typeof(SampleWordedResult), OwnResultShapes(typeof(RefusalConventionTests).Assembly));
        Assert.Contains(typeof(SampleCodedResult), OwnResultShapes(typeof(RefusalConventionTests).Assembly));
        Assert.Contains(typeof(IReadOnlyList<SampleFieldProblem>), OwnResultShapes(typeof(RefusalConventionTests).Assembly));
        Assert.Contains(typeof(SampleFieldProblem), OwnResultShapes(typeof(RefusalConventionTests).Assembly));
        Assert.Contains(typeof(List<SampleRefusal>), OwnResultShapes(typeof(RefusalConventionTests).Assembly));
        Assert.DoesNotContain(OwnResultShapes(typeof(RefusalConventionTests).Assembly), t => t.Namespace == typeof(Result<>).Namespace);
    }

    /// <summary>The TCode of every Result a public method of a public type returns (also inside Task/ValueTask).</summary>
    private static IEnumerable<Type> ResultCodeEnums(Assembly assembly) => PublicMethods(assembly)
        .Select(m => Unwrap(m.ReturnType))
        .Where(t => t.IsGenericType && (t.GetGenericTypeDefinition() == typeof(Result<>) || t.GetGenericTypeDefinition() == typeof(Result<,>)))
        .Select(t => t.GetGenericArguments()[^1])
        .Where(t => t.IsEnum)
        .Distinct();

    /// <summary>
    /// What a public method returns, outside Core.Results, that carries refusals its own way:
    /// a *Result type with a property of a refusal enum (*Refusal, *Problem, *Error, *Outcome or *Code, also nullable or
    /// in a list) or a "Problem(s)" property of text (worded in Core), directly or in a record of the same assembly it
    /// holds (a problem record in a list); or, without a result record around them, refusal codes or problem records
    /// themselves: a list of a refusal enum, or a problem record of the same assembly (named *Problem, *Refusal, *Error
    /// or *Issue, with a refusal property), alone or in a list (the sales inquiry's former
    /// <c>IReadOnlyList&lt;SalesInquiryProblem&gt;</c>).
    /// </summary>
    private static IEnumerable<Type> OwnResultShapes(Assembly assembly) => PublicMethods(assembly)
        .Select(m => Unwrap(m.ReturnType))
        .Where(t => t.Namespace != typeof(Result<>).Namespace && (ResultRecordOfItsOwn(t, assembly) || ProblemsOfTheirOwn(t, assembly)))
        .Distinct();

    private static bool ResultRecordOfItsOwn(Type type, Assembly assembly) =>
        type.Name.EndsWith("Result", StringComparison.Ordinal)
        && Properties(type).Any(p => CarriesRefusal(p)
            || ElementOf(p.PropertyType) is { IsClass: true } held && held.Assembly == assembly && held != type && Properties(held).Any(CarriesRefusal));

    private static bool ProblemsOfTheirOwn(Type type, Assembly assembly)
    {
        var element = ElementOf(type);
        if (element.Namespace == typeof(Result<>).Namespace) return false;
        // A list of codes; a single nullable code is a validator's answer (TenantIdentifierProblem?), not a refusal list.
        if (Nullable.GetUnderlyingType(type) is null && element != type && element.IsEnum && IsRefusalEnum(element)) return true;
        return element.IsClass && element.Assembly == assembly
            && ProblemRecordSuffixes.Any(s => element.Name.EndsWith(s, StringComparison.Ordinal))
            && Properties(element).Any(CarriesRefusal);
    }

    private static PropertyInfo[] Properties(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance);

    private static bool IsRefusalEnum(Type type) => RefusalEnumSuffixes.Append(CodeEnumSuffix).Any(s => type.Name.EndsWith(s, StringComparison.Ordinal));

    private static bool CarriesRefusal(PropertyInfo property)
    {
        var type = ElementOf(property.PropertyType);
        if (type.IsEnum && IsRefusalEnum(type)) return true;
        return type == typeof(string) && property.Name is "Problem" or "Problems" or "Error" or "Errors";
    }

    private static Type ElementOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type != typeof(string) && type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } list)
            return ElementOf(list.GetGenericArguments()[0]);
        return type;
    }

    private static IEnumerable<MethodInfo> PublicMethods(Assembly assembly) => assembly.GetTypes()
        .Where(t => t.IsPublic || t.IsNestedPublic)
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Where(m => !m.IsSpecialName || m.Name.StartsWith("get_", StringComparison.Ordinal));

    private static Type Unwrap(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? type.GetGenericArguments()[0]
            : type;

    /// <summary>Every Web resource (the Japanese default) whose English file exists, with the keys both have.</summary>
    private static List<ResourcePair> WebResources()
    {
        var web = SolutionPaths.Project("SecureAiChat.Web");
        return [.. Directory.EnumerateFiles(web, "*.resx", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetFileNameWithoutExtension(f).IndexOf('.', StringComparison.Ordinal) < 0)
            .Select(f => new ResourcePair(Keys(f), Keys(Path.ChangeExtension(f, ".en.resx"))))];
    }

    private static HashSet<string> Keys(string path) => File.Exists(path)
        ? [.. XDocument.Load(path).Root!.Elements("data").Select(d => (string)d.Attribute("name")!)]
        : [];

    private sealed record ResourcePair(HashSet<string> Japanese, HashSet<string> English)
    {
        public bool Has(string key) => Japanese.Contains(key) && English.Contains(key);
    }

    public enum SampleRefusal
    {
        Unworded,
    }

    public sealed record SampleResult(SampleRefusal Refusal);

    public sealed record SampleWordedResult(Guid? Id, IReadOnlyList<string> Problems);

    /// <summary>The signup's former shape: codes of an enum named *Code, in problem records of its own, with a field.</summary>
    public enum SampleErrorCode
    {
        Required,
    }

    public sealed record SampleCodedProblem(string Field, SampleErrorCode Code, string? Detail = null);

    public sealed class SampleCodedResult
    {
        public string? RequestId { get; init; }

        public IReadOnlyList<SampleCodedProblem> Problems { get; init; } = [];
    }

    public enum SampleField
    {
        Form,
        Name,
    }

    /// <summary>The sales inquiry's former shape: a list of problem records of its own, each a field and a code, no result around them.</summary>
    public sealed record SampleFieldProblem(SampleField Field, SampleRefusal Code);

    /// <summary>
    /// A service the guards must catch: an unworded code, a result record of its own, problems worded in Core, problem
    /// records of its own with a *Code enum, a bare list of problem records, one problem record, a list of codes; and one
    /// they must let pass: the convention's own shape.
    /// </summary>
    public static class SampleService
    {
        public static Result<SampleRefusal> Refuse() => SampleRefusal.Unworded;

        public static SampleResult OwnShape() => new(SampleRefusal.Unworded);

        public static Task<SampleWordedResult> WordedAsync() => Task.FromResult(new SampleWordedResult(null, ["worded in Core"]));

        public static Task<SampleCodedResult> CodedAsync() => Task.FromResult(new SampleCodedResult { Problems = [new("Name", SampleErrorCode.Required)] });

        public static Task<IReadOnlyList<SampleFieldProblem>> ProblemListAsync() => Task.FromResult<IReadOnlyList<SampleFieldProblem>>([new(SampleField.Name, SampleRefusal.Unworded)]);

        public static SampleFieldProblem? FirstProblem() => null;

        public static List<SampleRefusal> Codes() => [SampleRefusal.Unworded];

        public static IReadOnlyList<Problem<SampleRefusal>> ConventionProblems() => [new(SampleRefusal.Unworded, Field: "Name")];
    }
}
