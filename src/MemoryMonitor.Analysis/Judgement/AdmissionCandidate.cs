namespace MemoryMonitor.Analysis.Judgement;

/// <summary>One live process as <see cref="AnalysisAdmission"/> weighs it: its size, and whether it is analysed and flagged now.</summary>
internal readonly record struct AdmissionCandidate(int Pid, long ResidentBytes, bool Analysed, bool Flagged);
