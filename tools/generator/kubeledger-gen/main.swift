// kubeledger-gen: writes a synthetic, deterministic Kubernetes cluster history to stdout, as
// KubeLedger native events, audit log lines or watch stream lines (one JSON object per line).

import KubeLedgerGenerator

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let usage = """
    usage: kubeledger-gen [options] > history.jsonl

    Writes a realistic, deterministic Kubernetes cluster history to stdout, one JSON line per event.

    options:
      --events N          mutating events to write (default 10000)
      --seed S            random seed; the same seed gives the same bytes (default 1)
      --format F          events (KubeLedger native, default) | audit (audit.k8s.io/v1) | watch
      --start TIME        RFC 3339 time of the first event (default 2026-01-01T00:00:00Z)
      --namespaces N      application namespaces      (default: scaled from --events)
      --deployments N     Deployments                 (default: scaled from --events)
      --statefulsets N    StatefulSets                (default: scaled from --events)
      --daemonsets N      DaemonSets                  (default: scaled from --events)
      --nodes N           worker nodes                (default: scaled from --events)
      --live-pods N       about N pods live at once: Deployments' replicas scaled (default: unscaled)
      --change-interval S mean seconds between two changes of one workload (default 3600)
      --node-failures S   mean seconds between two failures of one node, 0 = never (default 259200)
      --with-reads        add get/list/watch audit events an importer must skip (audit only)
      --stats             print counts, sizes and speed to stderr when done
      -h, --help          show this help

    """

enum UsageError: Error {
    case message(String)
}

struct Arguments {
    var options = GeneratorOptions()
    var format = "events"
    var stats = false
}

func parseArguments(_ argv: [String]) throws(UsageError) -> Arguments? {
    var pairs: [(String, String?)] = []
    var index = 0
    while index < argv.count {
        let argument = argv[index]
        index += 1
        if argument == "-h" || argument == "--help" { return nil }
        guard argument.hasPrefix("--") else { throw .message("unexpected argument '\(argument)'") }
        if let equals = argument.firstIndex(of: "=") {
            pairs.append((String(argument[..<equals]), String(argument[argument.index(after: equals)...])))
            continue
        }
        switch argument {
        case "--with-reads", "--stats":
            pairs.append((argument, nil))
        case "--events", "--seed", "--format", "--start", "--namespaces", "--deployments", "--statefulsets",
            "--daemonsets", "--nodes", "--change-interval", "--node-failures", "--live-pods":
            guard index < argv.count else { throw .message("\(argument) needs a value") }
            pairs.append((argument, argv[index]))
            index += 1
        default:
            throw .message("unknown option '\(argument)'")
        }
    }
    var events = 10_000
    var seed: UInt64 = 1
    var overrides: [(String, Int)] = []
    var result = Arguments()
    var start: Int64? = nil
    var changeInterval: Double? = nil
    var nodeFailures: Double? = nil
    var withReads = false
    func count(_ flag: String, _ value: String?) throws(UsageError) -> Int {
        guard let value, let number = Int(value), number >= 0 else {
            throw .message("\(flag) needs a non-negative integer, got '\(value ?? "")'")
        }
        return number
    }
    func seconds(_ flag: String, _ value: String?) throws(UsageError) -> Double {
        guard let value, let number = Double(value), number >= 0, number.isFinite else {
            throw .message("\(flag) needs a non-negative number of seconds, got '\(value ?? "")'")
        }
        return number
    }
    for (flag, value) in pairs {
        switch flag {
        case "--events": events = try count(flag, value)
        case "--seed":
            guard let value, let number = UInt64(value) else {
                throw .message("--seed needs an unsigned integer, got '\(value ?? "")'")
            }
            seed = number
        case "--format":
            guard let value, ["events", "audit", "watch"].contains(value) else {
                throw .message("--format must be events, audit or watch, got '\(value ?? "")'")
            }
            result.format = value
        case "--start":
            guard let value, let nanos = parseRFC3339(value) else {
                throw .message("--start needs an RFC 3339 time such as 2026-01-01T00:00:00Z, got '\(value ?? "")'")
            }
            start = nanos
        case "--namespaces", "--deployments", "--statefulsets", "--daemonsets", "--nodes", "--live-pods":
            overrides.append((flag, try count(flag, value)))
        case "--change-interval": changeInterval = try seconds(flag, value)
        case "--node-failures": nodeFailures = try seconds(flag, value)
        case "--with-reads":
            guard value == nil else { throw .message("--with-reads takes no value") }
            withReads = true
        case "--stats":
            guard value == nil else { throw .message("--stats takes no value") }
            result.stats = true
        default:
            throw .message("unknown option '\(flag)'")
        }
    }
    if withReads && result.format != "audit" {
        throw .message("--with-reads only applies to --format audit (native events and watch streams carry no reads)")
    }
    var options = GeneratorOptions(events: events, seed: seed)
    for (flag, number) in overrides {
        switch flag {
        case "--namespaces":
            guard number > 0 else { throw .message("--namespaces must be at least 1") }
            options.namespaces = number
        case "--deployments": options.deployments = number
        case "--statefulsets": options.statefulSets = number
        case "--daemonsets": options.daemonSets = number
        case "--live-pods":
            guard number > 0 else { throw .message("--live-pods must be at least 1") }
            options.livePods = number
        default:
            guard number > 0 else { throw .message("--nodes must be at least 1") }
            options.nodes = number
        }
    }
    if let start { options.start = start }
    if let changeInterval { options.meanSecondsBetweenChanges = max(1, changeInterval) }
    if let nodeFailures { options.meanSecondsBetweenNodeFailures = nodeFailures }
    options.includeReads = withReads
    result.options = options
    return result
}

/// Buffers output and writes it with write(2) in chunks of about 1 MiB.
struct StdoutWriter {
    static let chunk = 1 << 20
    var buffer: [UInt8] = []
    /// Bytes written so far.
    var written = 0

    init() {
        buffer.reserveCapacity(Self.chunk + (1 << 18))
    }

    mutating func flushIfFull() {
        if buffer.count >= Self.chunk { flush() }
    }

    mutating func flush() {
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(1, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    if errno == EPIPE { exit(0) }
                    let message = "kubeledger-gen: cannot write to stdout: " + String(cString: strerror(errno)) + "\n"
                    writeText(message, to: 2)
                    exit(1)
                }
                offset += written
            }
        }
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writes a whole string to a file descriptor (stdout/stderr without the C `FILE` globals).
func writeText(_ text: String, to fd: Int32) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { raw in
        var offset = 0
        while offset < raw.count {
            let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

signal(SIGPIPE, SIG_IGN)
let arguments: Arguments
do {
    guard let parsed = try parseArguments(Array(CommandLine.arguments.dropFirst())) else {
        writeText(usage, to: 1)
        exit(0)
    }
    arguments = parsed
} catch {
    guard case .message(let text) = error else { exit(2) }
    writeText("kubeledger-gen: \(text)\nRun 'kubeledger-gen --help' for the options.\n", to: 2)
    exit(2)
}

var writer = StdoutWriter()
let startTime = monotonicSeconds()
var total = 0
var counts: [String: (events: Int, objectBytes: Int)] = [:]
var reads = 0
let format = arguments.format
for event in HistoryGenerator(arguments.options) {
    switch format {
    case "audit": event.appendAuditLine(to: &writer.buffer)
    case "watch": event.appendWatchLine(to: &writer.buffer)
    default: event.appendNativeLine(to: &writer.buffer)
    }
    writer.buffer.append(0x0A)
    total += 1
    if arguments.stats {
        if event.isRead {
            reads += 1
        } else {
            let previous = counts[event.kind] ?? (0, 0)
            counts[event.kind] = (previous.events + 1, previous.objectBytes + event.object.count)
        }
    }
    writer.flushIfFull()
}
writer.flush()
if arguments.stats {
    let elapsed = monotonicSeconds() - startTime
    let megabytes = Double(writer.written) / 1_048_576
    var report =
        """
        kubeledger-gen: \(total) events (\(reads) reads), format \(format), \(writer.written) bytes in \
        \(elapsedFormat(elapsed)) s
        """
        + " (\(Int(Double(total) / max(elapsed, 1e-9))) events/s, \(Int(megabytes / max(elapsed, 1e-9))) MiB/s)\n"
    for (kind, value) in counts.sorted(by: { ($0.value.events, $1.key) > ($1.value.events, $0.key) }) {
        report +=
            "  \(kind): \(value.events) events, average object \(value.objectBytes / max(1, value.events)) bytes\n"
    }
    writeText(report, to: 2)
}

func elapsedFormat(_ seconds: Double) -> String {
    let millis = Int((seconds * 1000).rounded())
    return String(millis / 1000) + "." + String(1000 + millis % 1000).dropFirst()
}
