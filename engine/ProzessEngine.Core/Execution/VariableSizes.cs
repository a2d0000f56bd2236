using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Execution;

/// <summary>
/// Measures a variable as the JSON it is stored as, without keeping the text: the writer writes into one scratch
/// buffer that is overwritten again and again, and only the byte count is kept.
/// </summary>
#pragma warning disable CA1001 // One writer per thread for the thread's life; it holds nothing but a managed scratch buffer.
internal sealed class VariableSizes
#pragma warning restore CA1001
{
    [ThreadStatic]
    private static VariableSizes? s_current;

    private readonly ScratchBuffer _buffer = new();
    private readonly Utf8JsonWriter _writer;

    private VariableSizes() =>
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });

    /// <summary>One per thread: measuring never calls out, so a command cannot re-enter it, and commands do not allocate one each.</summary>
    public static VariableSizes Current => s_current ??= new VariableSizes();

    public long Of(FeelValue value)
    {
        switch (value.Kind)
        {
            // Scalars are measured without the writer: they are most of what a process writes.
            case FeelValueKind.Null or FeelValueKind.Boolean:
                return 5;
            case FeelValueKind.Number:
                return 40;
            case FeelValueKind.String when value.TryGetString(out var text):
                return Encoding.UTF8.GetByteCount(text) + 2;
        }

        _writer.Reset(_buffer);
        FeelJson.Write(_writer, value);
        _writer.Flush();
        return _writer.BytesCommitted;
    }

    private sealed class ScratchBuffer : IBufferWriter<byte>
    {
        private byte[] _scratch = new byte[4096];

        public void Advance(int count)
        {
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

        private byte[] Scratch(int sizeHint)
        {
            if (sizeHint > _scratch.Length)
            {
                _scratch = new byte[Math.Max(sizeHint, _scratch.Length * 2)];
            }

            return _scratch;
        }
    }
}
