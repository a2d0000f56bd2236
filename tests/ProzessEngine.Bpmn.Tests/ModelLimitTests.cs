using System.Text;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Tests;

/// <summary>
/// The bounds a model must keep (Engine:Limits:MaxXml*, MaxParseTime). The penetration test's model nested 100,000
/// levels; it took 111 s to parse, because LINQ to XML walks to the root for every child it adds, and was accepted.
/// </summary>
public sealed class ModelLimitTests
{
    private const int Levels = 100_000;

    private static string Model(string startEventContent = "", string beforeProcess = "", string startEventAttributes = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          xmlns:x="urn:x" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
          {beforeProcess}
          <bpmn:process id="p" isExecutable="true">
            <bpmn:startEvent id="s"{startEventAttributes}>{startEventContent}</bpmn:startEvent>
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static string Nested(int levels, string name = "x:a")
    {
        var text = new StringBuilder(levels * (2 * name.Length + 5));
        for (var i = 0; i < levels; i++)
        {
            text.Append('<').Append(name).Append('>');
        }

        for (var i = 0; i < levels; i++)
        {
            text.Append("</").Append(name).Append('>');
        }

        return text.ToString();
    }

    private static string DeepModel(string place) => place switch
    {
        "documentation" => Model($"<bpmn:documentation>{Nested(Levels)}</bpmn:documentation>"),
        "extensionElements" => Model($"<bpmn:extensionElements>{Nested(Levels, "zeebe:a")}</bpmn:extensionElements>"),
        _ => Model(beforeProcess: Nested(Levels)),
    };

    [Theory]
    [InlineData("documentation")]
    [InlineData("extensionElements")]
    [InlineData("beside the process")]
    public void Nesting_of_100000_levels_is_rejected_after_reading_only_the_start_of_the_model(string place)
    {
        var xml = DeepModel(place);
        using var text = new CountingReader(xml);

        var result = new BpmnParser(new FeelEngine()).Parse(text);

        var error = Assert.Single(result.Errors);
        Assert.Contains("nests deeper than the limit of 100 levels (Engine:Limits:MaxXmlDepth)", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
        // The work done, not the time: reading stopped a little after level 100 instead of building all 100,000 levels.
        Assert.True(text.CharactersRead < 32 * 1024, $"{place}: read {text.CharactersRead:N0} of {xml.Length:N0} characters");
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_accepted_and_one_level_more_is_not()
    {
        // definitions > process > startEvent > documentation are levels 1 to 4.
        var parser = new BpmnParser(new FeelEngine(), new BpmnParserOptions { MaxXmlDepth = 10 });

        var atLimit = parser.Parse(Model($"<bpmn:documentation>{Nested(6)}</bpmn:documentation>"));
        var beyond = parser.Parse(Model($"<bpmn:documentation>{Nested(7)}</bpmn:documentation>"));

        Assert.True(atLimit.Success, string.Join("; ", atLimit.Errors));
        Assert.Contains("Engine:Limits:MaxXmlDepth", Assert.Single(beyond.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_elements_than_the_limit_are_rejected_naming_the_setting()
    {
        var siblings = string.Concat(Enumerable.Repeat("<x:a/>", 300_000));
        using var text = new CountingReader(Model($"<bpmn:extensionElements>{siblings}</bpmn:extensionElements>"));

        var result = new BpmnParser(new FeelEngine()).Parse(text);

        Assert.Contains("more than the limit of 250,000 elements (Engine:Limits:MaxXmlElements)", Assert.Single(result.Errors).Message,
            StringComparison.Ordinal);
        Assert.True(text.CharactersRead < 250_001 * "<x:a/>".Length + 8 * 1024, $"read {text.CharactersRead:N0} characters");
    }

    [Fact]
    public void An_element_with_more_attributes_than_the_limit_is_rejected_naming_it()
    {
        var attributes = string.Concat(Enumerable.Range(0, 101).Select(i => $" x:a{i}=\"v\""));

        var result = new BpmnParser(new FeelEngine()).Parse(Model(startEventAttributes: attributes));

        var error = Assert.Single(result.Errors);
        Assert.Contains("The element 'bpmn:startEvent' has 102 attributes, more than the limit of 100 (Engine:Limits:MaxXmlAttributes)",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_attribute_longer_than_the_limit_is_rejected_naming_it()
    {
        var result = new BpmnParser(new FeelEngine()).Parse(Model(startEventAttributes: $" name=\"{new string('x', 1_000_001)}\""));

        Assert.Contains("The attribute 'name' of the element 'bpmn:startEvent' is longer than the limit of 1,000,000 characters "
            + "(Engine:Limits:MaxXmlAttributeCharacters)", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_takes_longer_than_the_parse_time_limit_is_rejected_naming_it()
    {
        // Every look at this clock finds another second gone: the parse must look, and stop once past the limit.
        var parser = new BpmnParser(new FeelEngine(), new BpmnParserOptions { MaxParseTime = TimeSpan.FromSeconds(2), Clock = new SteppingClock() });

        var result = parser.Parse(Model());

        Assert.Equal("Reading the model took longer than the limit of 2 seconds (Engine:Limits:MaxParseTime).", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void A_model_within_every_limit_parses_on_a_clock_that_stands_still()
    {
        var result = new BpmnParser(new FeelEngine(), new BpmnParserOptions { Clock = new SteppingClock(TimeSpan.Zero) }).Parse(Model());

        Assert.True(result.Success, string.Join("; ", result.Errors));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_limit_of_zero_or_less_is_refused_with_its_setting(int value)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new BpmnParserOptions { MaxXmlDepth = value }.Validate());

        Assert.Contains("Engine:Limits:MaxXmlDepth", ex.Message, StringComparison.Ordinal);
    }

    private sealed class CountingReader(string text) : TextReader
    {
        private readonly StringReader _inner = new(text);

        public long CharactersRead { get; private set; }

        public override int Peek() => _inner.Peek();

        public override int Read()
        {
            var c = _inner.Read();
            CharactersRead += c < 0 ? 0 : 1;
            return c;
        }

        public override int Read(char[] buffer, int index, int count) => Count(_inner.Read(buffer, index, count));

        public override int Read(Span<char> buffer) => Count(_inner.Read(buffer));

        private int Count(int read)
        {
            CharactersRead += read;
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            _inner.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class SteppingClock(TimeSpan? step = null) : TimeProvider
    {
        private readonly long _step = (step ?? TimeSpan.FromSeconds(1)).Ticks;
        private long _now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _now, _step);
    }
}
