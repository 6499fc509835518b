using System.Collections;

namespace ModelDsl.Results;

/// <summary>Several fitted models meant for one table (stepwise controls, several outcomes), in column order.</summary>
public sealed class ModelSet : IReadOnlyList<RegressionResult>
{
    private readonly RegressionResult[] _results;

    /// <summary>Creates a set from fitted models in column order.</summary>
    public ModelSet(IEnumerable<RegressionResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        _results = results.ToArray();
    }

    /// <summary>The number of models.</summary>
    public int Count => _results.Length;

    /// <summary>The model in column <paramref name="index"/> (0-based).</summary>
    public RegressionResult this[int index] => _results[index];

    /// <summary>Every model with another variance estimator, without re-estimating.</summary>
    public ModelSet WithVcov(Vcov vcov) => new(_results.Select(r => r.WithVcov(vcov)));

    /// <summary>A JSON array of the models' <see cref="RegressionResult.ToJson"/> objects.</summary>
    public string ToJson(bool indented = true) => JsonOutput.Write(
        writer =>
        {
            writer.WriteStartArray();
            foreach (var result in _results)
            {
                result.WriteJson(writer);
            }

            writer.WriteEndArray();
        },
        indented);

    /// <inheritdoc />
    public IEnumerator<RegressionResult> GetEnumerator() => ((IEnumerable<RegressionResult>)_results).GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
