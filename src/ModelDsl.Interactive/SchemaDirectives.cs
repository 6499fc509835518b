using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.DotNet.Interactive.Events;

using ModelDsl.Generators;

namespace ModelDsl.Interactive;

/// <summary>
/// The <c>#!panel</c> and <c>#!dataset</c> magic commands: typed columns from a CSV header in a notebook, where source
/// generators do not run.
/// </summary>
/// <remarks>
/// <c>#!panel cities.csv --unit city --time year --name Cities</c> reads the file's header (and the generator's bounded
/// sample of rows that tells text columns from numeric ones), and submits to the C# kernel the source the generator
/// would emit for <c>[Panel("cities.csv", Unit = "city", Time = "year")] partial class Cities;</c>: the same
/// <see cref="SchemaSource"/> builder and emitter, so the handles, kinds, checks and messages are the generator's. After
/// <c>using static Cities;</c>, <c>Regress(Inno).On(Cbec).Fe(City, Year)</c> compiles cell by cell with checked names
/// (<c>Regress(Inov)</c> is CS0103 at the word, <c>Fe(Infra, Year)</c> CS1503). Paths are relative to the kernel's
/// working directory, which is also where the generated <c>Load()</c> looks for the file. A cell may redeclare a
/// schema under the same name: the later submission's type shadows the earlier one, as any script redeclaration does.
/// </remarks>
public static class SchemaDirectives
{
    /// <summary>Adds <c>#!panel</c> and <c>#!dataset</c> to <paramref name="kernel"/>.</summary>
    /// <param name="kernel">The C# kernel that runs the submitted schema source.</param>
    public static void AddTo(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var panel = new KernelActionDirective("#!panel")
        {
            Description = "Declares a typed panel from a CSV header, as [Panel(path, Unit = ..., Time = ...)] partial class <name>; does with the source generator.",
            Parameters =
            [
                PathParameter(),
                new KernelDirectiveParameter("--unit", "The unit (panel identifier) column, e.g. city.") { Required = true },
                new KernelDirectiveParameter("--time", "The time column, e.g. year.") { Required = true },
                NameParameter(),
                CategoricalParameter(),
            ],
        };
        kernel.AddDirective<DeclarePanel>(panel, (command, context) => DeclareAsync(kernel, context, command, isPanel: true, command.Unit, command.Time));

        var dataset = new KernelActionDirective("#!dataset")
        {
            Description = "Declares a typed cross-section from a CSV header, as [Dataset(path)] partial class <name>; does with the source generator.",
            Parameters = [PathParameter(), NameParameter(), CategoricalParameter()],
        };
        kernel.AddDirective<DeclareDataset>(dataset, (command, context) => DeclareAsync(kernel, context, command, isPanel: false, unit: null, time: null));
    }

    private static KernelDirectiveParameter PathParameter() =>
        new("--path", "The CSV file, relative to the kernel's working directory.") { AllowImplicitName = true, Required = true };

    private static KernelDirectiveParameter NameParameter() =>
        new("--name", "The schema type's name, e.g. Cities (then 'using static Cities;').") { Required = true };

    private static KernelDirectiveParameter CategoricalParameter() =>
        new("--categorical", "Columns to treat as categorical although they hold numbers, separated by commas (e.g. region,province).");

    private static async Task DeclareAsync(Kernel kernel, KernelInvocationContext context, DeclareSchema command, bool isPanel, string? unit, string? time)
    {
        var directive = isPanel ? "#!panel" : "#!dataset";
        var directory = Directory.GetCurrentDirectory();
        var path = command.Path ?? string.Empty;
        var fullPath = Path.GetFullPath(path, directory);
        if (!File.Exists(fullPath))
        {
            context.Fail(command, message: $"{directive}: no CSV file at '{fullPath}'; check the path (relative paths start at '{directory}').");
            return;
        }

        var request = new SchemaSourceRequest(command.Name ?? string.Empty, path, fullPath, await File.ReadAllTextAsync(fullPath, context.CancellationToken), directory)
        {
            IsPanel = isPanel,
            Unit = unit,
            Time = time,
            Categorical = SplitList(command.Categorical),
        };
        var emitted = SchemaSource.Emit(request);
        foreach (var warning in emitted.Warnings)
        {
            context.DisplayAs($"{directive} {path}: {warning}", "text/plain");
        }

        if (emitted.Source is null)
        {
            context.Fail(command, message: $"{directive} {path}:\n" + string.Join("\n", emitted.Errors));
            return;
        }

        var result = await kernel.SendAsync(new SubmitCode(emitted.Source, kernel.Name), context.CancellationToken);
        if (result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
        {
            context.Fail(command, message: $"{directive} {path}: the C# kernel did not compile the schema: {failed.Message}");
            return;
        }

        context.DisplayAs($"{request.TypeName}: typed columns from the header of '{path}'; 'using static {request.TypeName};' brings them and the model verbs into scope, {request.TypeName}.Load() reads the file.", "text/plain");
    }

    private static string[] SplitList(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The arguments shared by <c>#!panel</c> and <c>#!dataset</c> (bound by name from the magic command's parameters).</summary>
public abstract class DeclareSchema : KernelDirectiveCommand
{
    /// <summary>The CSV file (<c>--path</c>, or the first argument).</summary>
    public string? Path { get; set; }

    /// <summary>The schema type's name (<c>--name</c>).</summary>
    public string? Name { get; set; }

    /// <summary>Columns to treat as categorical although they hold numbers, comma-separated (<c>--categorical</c>).</summary>
    public string? Categorical { get; set; }
}

/// <summary>The command <c>#!panel</c> sends: a panel schema with its unit and time columns.</summary>
public sealed class DeclarePanel : DeclareSchema
{
    /// <summary>The unit column (<c>--unit</c>).</summary>
    public string? Unit { get; set; }

    /// <summary>The time column (<c>--time</c>).</summary>
    public string? Time { get; set; }
}

/// <summary>The command <c>#!dataset</c> sends: a cross-section schema.</summary>
public sealed class DeclareDataset : DeclareSchema;
