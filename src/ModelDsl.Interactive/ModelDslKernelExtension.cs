using Microsoft.DotNet.Interactive;

namespace ModelDsl.Interactive;

/// <summary>
/// ModelDsl's extension for .NET Interactive (Polyglot Notebooks, Jupyter's .NET kernel, dotnet-repl): the package's
/// <c>interactive-extensions/dotnet/extension.dib</c> calls <see cref="Load"/> when a notebook runs
/// <c>#r "nuget: ModelDsl.Interactive, &lt;version&gt;"</c>.
/// </summary>
/// <remarks>
/// It adds the <c>#!panel</c> and <c>#!dataset</c> magic commands to the C# kernel (typed columns from a CSV header,
/// <see cref="SchemaDirectives"/>) and registers the display of results, tables and figures
/// (<see cref="ModelDslFormatters"/>). Loading twice is harmless: a second load replaces the directives and formatters.
/// </remarks>
public static class ModelDslKernelExtension
{
    /// <summary>Adds the magic commands and the formatters to <paramref name="kernel"/> (the root kernel of a notebook, or a C# kernel).</summary>
    /// <param name="kernel">The kernel the extension is loaded into.</param>
    public static void Load(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);

        // The schema is C#: the directives live on the C# kernel, where the code they submit runs. A host without a
        // composite kernel (a bare C# kernel in a test) is that kernel itself.
        var csharp = kernel is CompositeKernel composite ? composite.FindKernelByName("csharp") ?? kernel : kernel;
        SchemaDirectives.AddTo(csharp);
        ModelDslFormatters.Register();
        KernelInvocationContext.Current?.DisplayAs(
            "ModelDsl.Interactive loaded: '#!panel data.csv --unit city --time year --name Cities' declares typed columns (then 'using static Cities;'); results, tables and figures display as tables and images.",
            "text/plain");
    }
}
