using System.Text.Json.Serialization;

namespace BgpSpeaker.Control;

/// <summary>The control socket's JSON, generated at compile time (no reflection; Native AOT safe); the daemon writes it, the CLI reads it.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StatusView))]
[JsonSerializable(typeof(FibJsonView))]
[JsonSerializable(typeof(ConfigDiffView))]
[JsonSerializable(typeof(ConfigValidateView))]
[JsonSerializable(typeof(ClearView))]
[JsonSerializable(typeof(ErrorView))]
[JsonSerializable(typeof(HealthView))]
[JsonSerializable(typeof(RoutesView))]
[JsonSerializable(typeof(DecisionView))]
internal sealed partial class ControlJson : JsonSerializerContext;
