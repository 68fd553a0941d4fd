import KubeLedger
import Ledger

/// `import`'s front end over ``Ingestor/ingest(input:open:progress:read:)``: the progress bar,
/// the rejected lines on stderr, the summary, and the messages of a failed import.
struct ImportRunner {
    /// Opens the store; called only once the input is known to be acceptable.
    let open: () throws -> Ledger
    let source: String
    let skipInvalid: Bool

    /// Runs the ingest and prints its summary in `format`.
    ///
    /// - Parameter read: reads the whole input and calls `emit` with each item (twice; see
    ///   ``Ingestor/ingest(input:open:progress:read:)``).
    func run(format: OutputFormat, read: (_ emit: (IngestItem) -> Void) -> Void) throws {
        var options = Ingestor.Options()
        options.skipInvalid = skipInvalid
        let progress = Progress("importing")
        let report: IngestReport
        do {
            report = try Ingestor(options: options).ingest(
                input: source, open: open, progress: progress.update, read: read)
        } catch let failure as IngestFailure {
            progress.finish()
            switch failure {
            case .rejected(_, let count, let rejects):
                Self.printRejects(rejects, count: count)
                throw CommandFailure(
                    .failure, failure.description + " (fix them, or pass --skip-invalid to store the valid records)")
            case .inputChanged:
                throw CommandFailure(
                    .failure,
                    failure.description
                        + "; import a file that is no longer written to (re-importing it adds only what is missing)")
            }
        }
        progress.finish()
        Self.printRejects(report.rejects, count: report.rejectedCount)
        if let changed = report.changedBetweenPasses {
            Terminal.error("warning: \(changed); import a file that is no longer written to")
        }
        AppendSummary(
            appended: report.appended, skipped: report.skipped, rejected: report.rejectedCount,
            first: report.firstRevision, last: report.lastRevision,
            skippedByReason: report.skippedByReason.map { ($0.reason, $0.count) }
        )
        .print(format)
    }

    static func printRejects(_ rejects: [IngestError], count: Int) {
        for r in rejects { Terminal.error(r.description) }
        if count > rejects.count { Terminal.error("… and \(count - rejects.count) more rejected lines") }
    }
}
