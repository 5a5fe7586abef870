using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Bench.Intake;

/// <summary>A logger provider that counts the Durable Task engine's structured log events by name (DurableTask.Core
/// writes <c>OrchestrationExecuted</c> once per orchestration episode) and counts warnings and errors, printing the
/// first few. Nothing else is written.</summary>
internal sealed class EngineEventCounter : ILoggerProvider
{
    private const int MaxPrinted = 10;
    private ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _problems;

    public int Problems => Volatile.Read(ref _problems);

    public int Get(string eventName) => _counts.GetValueOrDefault(eventName);

    public void Reset() => _counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) => new Counter(this, categoryName.StartsWith("DurableTask.Core", StringComparison.Ordinal));

    public void Dispose()
    {
    }

    private sealed class Counter(EngineEventCounter owner, bool engineCore) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning || (engineCore && logLevel >= LogLevel.Information);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name is { } name)
            {
                owner._counts.AddOrUpdate(name, 1, (_, n) => n + 1);
            }

            if (logLevel >= LogLevel.Warning && Interlocked.Increment(ref owner._problems) <= MaxPrinted)
            {
                Console.WriteLine($"  engine {logLevel}: {formatter(state, exception)}");
            }
        }
    }
}
