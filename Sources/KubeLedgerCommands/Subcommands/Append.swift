import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger append`: records objects (or native event lines) as events.
    struct Append: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Append objects from a file or stdin as events, in one atomic batch.",
            discussion: """
                Input: one object, a multi-document YAML, a List or typed list (DeploymentList), in JSON or YAML;
                with --format events, JSON lines of native event records. Nothing is stored unless all of it is valid.
                """)

        /// The input format.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case objects, events
        }

        @OptionGroup var global: GlobalOptions

        /// The input file, or `-` for stdin.
        @Option(name: [.customShort("f"), .long], help: "The input file, or - for stdin.")
        var file: String

        /// The input format.
        @Option(help: "objects (JSON or YAML Kubernetes objects) or events (JSON lines of native event records).")
        var format: Format = .objects

        /// The verb of every event; inferred (create or update) when omitted.
        @Option(help: "The verb of every event. Default: create if the object is absent, else update.")
        var verb: Verb?

        /// The actor.
        @Option(help: "Who made the change. Default: the OS user.")
        var user: String?

        /// When it happened.
        @Option(help: "When it happened: RFC 3339 or relative (-15m). Default: now.")
        var at: String?

        /// The idempotency id.
        @Option(
            help: "An idempotency id: appending the same id again stores nothing. Several objects get ID/1, ID/2 ….")
        var id: String?

        /// A change cause.
        @Option(help: "Why the change was made (stored as the kubernetes.io/change-cause annotation of the event).")
        var cause: String?

        /// Expected object version.
        @Option(
            name: .customLong("expect-version"), help: "Store only if each object's current version is N (else exit 4)."
        )
        var expectVersion: UInt64?

        /// Expect the object to be absent.
        @Flag(name: .customLong("expect-absent"), help: "Store only if each object is absent (else exit 4).")
        var expectAbsent = false

        /// Namespace for namespaced objects that have none.
        @Option(
            name: [.customShort("n"), .long], help: "Namespace for namespaced objects without one (default: default).")
        var namespace: String?

        /// Object size limit.
        @Option(
            name: .customLong("max-object-bytes"),
            help: "Largest object accepted, in bytes (default 1572864, etcd's limit).")
        var maxObjectBytes: Int = InputLimits().maxObjectBytes

        func validate() throws {
            if expectAbsent && expectVersion != nil {
                throw ValidationError("--expect-version and --expect-absent cannot be used together")
            }
        }

        func execute() throws {
            let occurredAt = try at.map { try PointInHistory.time($0, option: "--at") } ?? .now()
            let input = try InputFiles.read(file)
            var limits = InputLimits()
            limits.maxObjectBytes = maxObjectBytes
            let events: [NewEvent]
            switch format {
            case .objects:
                let reader = ObjectDocumentReader(limits: limits, defaultNamespace: namespace ?? "default")
                let objects = try reader.objects(from: input, source: file)
                let expectation: ExpectedVersion = expectAbsent ? .absent : expectVersion.map { .exact($0) } ?? .any
                events = ObjectAppend(
                    verb: verb, actor: user ?? OSUser.name, occurredAt: occurredAt, id: id, cause: cause,
                    expectation: expectation, input: file
                ).events(objects)
            case .events:
                do {
                    events = try Ingestor.batch(NativeEventAdapter(source: file).items(in: input), input: file)
                } catch .rejected(_, _, let rejects) {
                    throw CommandFailure(.failure, (rejects.first?.description ?? file) + "; nothing was stored")
                } catch {
                    throw error
                }
                guard !events.isEmpty else {
                    throw CommandFailure(
                        .failure,
                        "\(file == "-" ? "<stdin>" : file): empty input: no event to append; nothing was stored")
                }
            }
            let report = try Ingestor().append(events, to: try global.openLedger(create: true))
            // append's summary counts duplicates as skipped, without the breakdown import prints.
            AppendSummary(
                appended: report.appended, skipped: report.skipped, rejected: 0, first: report.firstRevision,
                last: report.lastRevision
            )
            .print(global.output)
        }
    }
}
