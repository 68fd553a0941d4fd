/// How one of the recorder's concurrent tasks ended: the recorder's task group acts on it (stops
/// everything on a failure, starts recording what rediscovery found).
enum RecorderTaskOutcome: Sendable {
    /// Done (cancelled, or nothing more to do).
    case finished
    /// A failure that stops the recorder (a commit that failed).
    case failed(any Error)
    /// `--all` rediscovery found resources not recorded yet.
    case discovered([RecordedResource])
}
