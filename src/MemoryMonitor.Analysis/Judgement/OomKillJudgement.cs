using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Analysis.Judgement;

/// <summary>
/// One kernel OOM kill, attributed to its container and scored against the agent's own forecast.
/// </summary>
/// <param name="Kill">The kill as the kernel logged it (pid, comm, cgroups).</param>
/// <param name="Names">Kubernetes names of the killed process's container (none outside Kubernetes or when it was not seen).</param>
/// <param name="LeadSeconds">
/// How long before the kill the agent had forecast it: the time since the killed process's (or, when the process
/// was never judged, its container's) exhaustion forecast last came within <see cref="ForecastLedger.Horizon"/> and
/// stayed there. Null when it did not see the kill coming.
/// </param>
public sealed record OomKillJudgement(OomKillRecord Kill, KubernetesNames Names, double? LeadSeconds);
