/// Why an ingest stored nothing more.
public enum IngestFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Records were rejected and invalid records are not skipped: nothing was stored.
    /// `rejects` holds the first ones (the user reads those), `count` all of them.
    case rejected(input: String, count: Int, rejects: [IngestError])
    /// The input changed between the validating pass and the storing pass: a record rejected now
    /// was not there before. `stored` events were stored before it.
    case inputChanged(input: String, reject: IngestError, stored: Int)

    public var description: String {
        switch self {
        case .rejected(let input, let count, _):
            "\(count) invalid record(s) in \(input); nothing was stored"
        case .inputChanged(let input, let reject, let stored):
            "\(input) changed while it was imported (\(reject.description) was not there in the first pass);"
                + " \(stored) event(s) were stored before this"
        }
    }
}
