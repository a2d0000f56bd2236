namespace ProzessEngine.Core;

/// <summary>Hands out unique 64-bit keys for instances, element instances, tasks, timers, jobs and incidents.</summary>
public interface IKeyGenerator
{
    long NextKey();
}
