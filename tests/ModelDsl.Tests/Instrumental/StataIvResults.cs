using System.Globalization;

namespace ModelDsl.Tests.Instrumental;

/// <summary>A number as Stata printed it (<c>%13.12g</c>): its value and half a unit of its last printed digit.</summary>
/// <param name="Value">The value.</param>
/// <param name="HalfUnit">Half a unit in the last printed place: the rounding the printout can hide.</param>
internal readonly record struct Printed(double Value, double HalfUnit)
{
    internal static Printed? Parse(string text)
    {
        text = text.Trim();
        if (text.Length == 0 || text == ".")
        {
            return null;
        }

        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        var mantissa = text;
        var exponent = 0;
        var e = text.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            mantissa = text[..e];
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var decimals = dot < 0 ? 0 : mantissa.Length - dot - 1;
        return new Printed(value, 0.5 * Math.Pow(10, exponent - decimals));
    }
}

/// <summary>A square matrix as estout printed it: row/column names and values.</summary>
internal sealed record PrintedMatrix(IReadOnlyList<string> Names, Printed[,] Values)
{
    internal Printed this[string row, string column]
    {
        get
        {
            var i = IndexOf(row);
            var j = IndexOf(column);
            return Values[i, j];
        }
    }

    internal int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (Names[i] == name)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"No row '{name}' in the printed matrix ({string.Join(", ", Names)}).");
    }
}

/// <summary>One block of Stata's ivregress output: b and t per variable, the e() scalars (null when blank), e(V), e(W).</summary>
internal sealed record StataIvBlock(
    string Key,
    IReadOnlyDictionary<string, (Printed B, Printed T)> Parameters,
    IReadOnlyDictionary<string, Printed?> Statistics,
    PrintedMatrix Variance,
    PrintedMatrix? Weight);

/// <summary>
/// Reads linearmodels' <c>stata-iv-*-results.txt</c> (estout output appended block by block): a header
/// <c>########## !key! ##########</c>, then "b/t" rows (a name and b, a blank-named row with t), the scalar rows
/// (name and value, the value blank when Stata stored a missing value), "********* Variance *************" with e(V), and
/// for GMM "********* GMM Weight *************" with e(W).
/// </summary>
internal static class StataIvResults
{
    internal static IReadOnlyDictionary<string, StataIvBlock> Read(string path)
    {
        var blocks = new Dictionary<string, StataIvBlock>(StringComparer.Ordinal);
        string? key = null;
        var lines = new List<string>();
        foreach (var raw in File.ReadLines(path))
        {
            if (raw.Trim().Length == 0)
            {
                continue;
            }

            if (raw.StartsWith("###", StringComparison.Ordinal))
            {
                if (key is not null)
                {
                    blocks.Add(key, ParseBlock(key, lines));
                }

                key = raw.Split('!')[1];
                lines = [];
                continue;
            }

            lines.Add(raw);
        }

        if (key is not null)
        {
            blocks.Add(key, ParseBlock(key, lines));
        }

        return blocks;
    }

    private static StataIvBlock ParseBlock(string key, List<string> lines)
    {
        var parameters = new Dictionary<string, (Printed, Printed)>(StringComparer.Ordinal);
        var statistics = new Dictionary<string, Printed?>(StringComparer.Ordinal);
        var i = 0;
        string? pending = null;
        Printed pendingB = default;
        for (; i < lines.Count && !lines[i].StartsWith("***", StringComparison.Ordinal); i++)
        {
            var fields = lines[i].Split('\t');
            var name = fields[0].Trim();
            var value = fields.Length > 1 ? fields[1] : string.Empty;
            if (name.Length == 0)
            {
                // "\t." and "\tb/t" headers, or the t row under a coefficient.
                if (pending is not null && Printed.Parse(value) is { } t)
                {
                    parameters[pending] = (pendingB, t);
                    pending = null;
                }

                continue;
            }

            if (pending is not null)
            {
                throw new FormatException($"Block '{key}': coefficient '{pending}' has no t row.");
            }

            var parsed = Printed.Parse(value);
            if (IsScalar(name))
            {
                // The housing file lists p twice (stats(r2 r2_a p ...)); the values agree.
                statistics[name] = parsed;
            }
            else
            {
                pending = name;
                pendingB = parsed ?? throw new FormatException($"Block '{key}': coefficient '{name}' has no value.");
            }
        }

        i++;
        var variance = ParseMatrix(lines, ref i);
        PrintedMatrix? weight = null;
        if (i < lines.Count && lines[i].StartsWith("***", StringComparison.Ordinal))
        {
            i++;
            weight = ParseMatrix(lines, ref i);
        }

        return new StataIvBlock(key, parameters, statistics, variance, weight);
    }

    private static bool IsScalar(string name) => name is "r2" or "r2_a" or "mss" or "rss" or "rmse" or "kappa" or "chi2" or "F" or "p" or "J";

    // "\tV\t\t" title, "\tx1\t_cons" names, then one row per name.
    private static PrintedMatrix ParseMatrix(List<string> lines, ref int i)
    {
        i++;
        var names = lines[i].Split('\t').Skip(1).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        i++;
        var values = new Printed[names.Count, names.Count];
        for (var r = 0; r < names.Count; r++, i++)
        {
            var fields = lines[i].Split('\t');
            if (fields[0].Trim() != names[r])
            {
                throw new FormatException($"Matrix row {r} is '{fields[0]}' but the header names '{names[r]}'.");
            }

            for (var c = 0; c < names.Count; c++)
            {
                values[r, c] = Printed.Parse(fields[c + 1]) ?? throw new FormatException($"Matrix cell ({names[r]}, {names[c]}) is blank.");
            }
        }

        return new PrintedMatrix(names, values);
    }
}
