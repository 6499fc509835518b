using System.Text;

namespace ModelDsl.Reporting;

/// <summary>
/// A booktabs table inside a threeparttable (caption above, notes below the rules), with special characters
/// escaped, minus signs typeset as math minus, stars as superscripts and column groups as
/// <c>\multicolumn</c> with a <c>\cmidrule</c> under them.
/// </summary>
internal static class LatexTableRenderer
{
    public static string Render(ReportTable table, LatexOptions options)
    {
        var builder = new StringBuilder();
        builder.Append("% Requires \\usepackage{booktabs} and \\usepackage{threeparttable} in the preamble.\n");
        if (options.StarStyle == LatexStarStyle.Sym && table.HeaderRows.Concat(table.BodyRows).Any(r => r.Cells.Any(c => c.Stars.Length > 0)))
        {
            builder.Append("\\providecommand{\\sym}[1]{\\ifmmode^{#1}\\else\\(^{#1}\\)\\fi}\n");
        }

        if (options.Float)
        {
            builder.Append("\\begin{table}[").Append(options.Placement).Append("]\n\\centering\n");
        }

        builder.Append("\\begin{threeparttable}\n");
        // \caption and \label need a float; without one the caller's own float carries them.
        if (table.Title is not null && options.Float)
        {
            builder.Append("\\caption{").Append(Escape(Caption(table.Title))).Append("}\n");
        }

        if ((options.Label ?? DefaultLabel(table.Title)) is { } label && options.Float)
        {
            builder.Append("\\label{").Append(label).Append("}\n");
        }

        builder.Append("\\begin{tabular}{");
        foreach (var alignment in table.Alignments)
        {
            builder.Append(alignment switch
            {
                ColumnAlignment.Left => 'l',
                ColumnAlignment.Right => 'r',
                _ => 'c',
            });
        }

        builder.Append("}\n\\toprule\n");
        foreach (var row in table.HeaderRows)
        {
            AppendRow(builder, table, row, options);
            AppendGroupRules(builder, row);
        }

        builder.Append("\\midrule\n");
        foreach (var row in table.BodyRows)
        {
            if (row.RuleAbove)
            {
                builder.Append("\\midrule\n");
            }

            AppendRow(builder, table, row, options);
        }

        builder.Append("\\bottomrule\n\\end{tabular}\n");
        if (table.Notes.Length > 0)
        {
            builder.Append("\\begin{tablenotes}[flushleft]\n\\footnotesize\n");
            foreach (var note in table.Notes)
            {
                builder.Append("\\item ").Append(Escape(note)).Append('\n');
            }

            builder.Append("\\end{tablenotes}\n");
        }

        builder.Append("\\end{threeparttable}\n");
        if (options.Float)
        {
            builder.Append("\\end{table}\n");
        }

        return builder.ToString();
    }

    private static void AppendRow(StringBuilder builder, ReportTable table, TableRow row, LatexOptions options)
    {
        var parts = new List<string>();
        var column = 0;
        foreach (var cell in row.Cells)
        {
            var content = Escape(cell.Text) + Stars(cell.Stars, options.StarStyle);
            if (row.Kind == TableRowKind.Section && cell.ColumnSpan == table.ColumnCount)
            {
                parts.Add($"\\multicolumn{{{cell.ColumnSpan}}}{{l}}{{\\textit{{{content}}}}}");
            }
            else if (cell.ColumnSpan > 1)
            {
                parts.Add($"\\multicolumn{{{cell.ColumnSpan}}}{{c}}{{{content}}}");
            }
            else
            {
                parts.Add(content);
            }

            column += cell.ColumnSpan;
        }

        // \\ and booktabs' rules look ahead for an optional [length] or a star: a row label that begins with one
        // would be read as that argument, so it is braced.
        if (parts.Count > 0 && parts[0].Length > 0 && parts[0][0] is '[' or '*')
        {
            parts[0] = "{" + parts[0][0] + "}" + parts[0][1..];
        }

        builder.Append(string.Join(" & ", parts)).Append(" \\\\\n");
    }

    private static void AppendGroupRules(StringBuilder builder, TableRow row)
    {
        var column = 1;
        var rules = new List<string>();
        foreach (var cell in row.Cells)
        {
            if (cell.ColumnSpan > 1 && cell.Text.Length > 0)
            {
                rules.Add($"\\cmidrule(lr){{{column}-{column + cell.ColumnSpan - 1}}}");
            }

            column += cell.ColumnSpan;
        }

        if (rules.Count > 0)
        {
            builder.Append(string.Join(" ", rules)).Append('\n');
        }
    }

    // "Table 5. Mechanism test" or "Table 4 Baseline": LaTeX numbers the float itself, so a caption that kept the
    // prefix would print "Table 5: Table 5. Mechanism test".
    private static readonly System.Text.RegularExpressions.Regex TableNumber = new(@"^\s*Table\s+([A-Za-z]?\d+[A-Za-z]?)\s*[.:\u2013\u2014-]?\s+", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>The caption without a leading "Table N." (LaTeX adds the number).</summary>
    internal static string Caption(string title)
    {
        var match = TableNumber.Match(title);
        return match.Success && match.Length < title.Length ? title[match.Length..] : title;
    }

    /// <summary>The <c>\label</c> key when none is given: <c>tab:</c> and the title's table number, or none when the title has no number.</summary>
    internal static string? DefaultLabel(string? title)
    {
        if (title is null)
        {
            return null;
        }

        var match = TableNumber.Match(title);
        return match.Success ? "tab:" + match.Groups[1].Value.ToLowerInvariant() : null;
    }

    private static string Stars(string stars, LatexStarStyle style) => stars.Length == 0
        ? string.Empty
        : style == LatexStarStyle.Sym ? $"\\sym{{{stars}}}" : $"$^{{{stars}}}$";

    private static readonly Dictionary<char, string> GreekLetters = new()
    {
        ['α'] = "\\alpha",
        ['β'] = "\\beta",
        ['γ'] = "\\gamma",
        ['δ'] = "\\delta",
        ['ε'] = "\\varepsilon",
        ['θ'] = "\\theta",
        ['λ'] = "\\lambda",
        ['μ'] = "\\mu",
        ['ρ'] = "\\rho",
        ['σ'] = "\\sigma",
        ['τ'] = "\\tau",
        ['φ'] = "\\phi",
        ['χ'] = "\\chi",
        ['ω'] = "\\omega",
        ['Δ'] = "\\Delta",
        ['Σ'] = "\\Sigma",
    };

    /// <summary>
    /// The one escaping point of LaTeX output: escapes LaTeX's special characters (<c>\ { } $ &amp; # ^ _ % ~</c> and
    /// <c>&lt; &gt; |</c>, which are not text characters in OT1), typesets a number's leading minus as a math minus and
    /// maps the non-ASCII symbols tables use (², −, ≥, ·, √, Greek letters) to commands, so that the output compiles
    /// with pdfLaTeX too. Line breaks and tabs become spaces (a blank line would end the paragraph inside a tabular);
    /// other control characters are dropped. Text from data therefore cannot issue a command.
    /// </summary>
    internal static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var character = text[i];
            switch (character)
            {
                case '\\': builder.Append("\\textbackslash{}"); break;
                case '&' or '%' or '$' or '#' or '_' or '{' or '}': builder.Append('\\').Append(character); break;
                case '~': builder.Append("\\textasciitilde{}"); break;
                case '^': builder.Append("\\textasciicircum{}"); break;
                case '<': builder.Append("$<$"); break;
                case '>': builder.Append("$>$"); break;
                case '²': builder.Append("$^{2}$"); break;
                case '−': builder.Append("$-$"); break;
                case '≥': builder.Append("$\\geq$"); break;
                case '≤': builder.Append("$\\leq$"); break;
                case '×': builder.Append("$\\times$"); break;
                case '|': builder.Append("$|$"); break;
                case '·': builder.Append("$\\cdot$"); break;
                case '√': builder.Append("$\\surd$"); break;
                case '±': builder.Append("$\\pm$"); break;
                case '≠': builder.Append("$\\neq$"); break;
                case '°': builder.Append("$^{\\circ}$"); break;
                case '…': builder.Append("\\ldots{}"); break;
                case var greek when GreekLetters.TryGetValue(greek, out var command): builder.Append('$').Append(command).Append('$'); break;
                case '\r' or '\n' or '\t': builder.Append(' '); break;
                case var control when char.IsControl(control): break;
                case '-' when i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] == '.') && (i == 0 || text[i - 1] is '(' or '[' or ' '):
                    builder.Append("$-$");
                    break;
                default: builder.Append(character); break;
            }
        }

        return builder.ToString();
    }
}
