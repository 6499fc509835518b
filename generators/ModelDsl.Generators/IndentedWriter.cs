using System;
using System.Text;

namespace ModelDsl.Generators
{
    /// <summary>A small writer that indents every line it writes; multi-line raw strings are re-indented line by line.</summary>
    internal sealed class IndentedWriter
    {
        private const string IndentUnit = "    ";
        private readonly StringBuilder _builder = new();
        private int _depth;

        public IndentedWriter WriteLine(string text = "")
        {
            foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
            {
                if (line.Length > 0)
                {
                    for (var i = 0; i < _depth; i++)
                    {
                        _builder.Append(IndentUnit);
                    }

                    _builder.Append(line);
                }

                _builder.Append('\n');
            }

            return this;
        }

        /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
        public IDisposable Block(string header)
        {
            WriteLine(header);
            WriteLine("{");
            _depth++;
            return new Scope(this);
        }

        public override string ToString() => _builder.ToString();

        private sealed class Scope : IDisposable
        {
            private readonly IndentedWriter _writer;

            public Scope(IndentedWriter writer) => _writer = writer;

            public void Dispose()
            {
                _writer._depth--;
                _writer.WriteLine("}");
            }
        }
    }
}
