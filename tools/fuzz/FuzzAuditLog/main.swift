import FuzzDriver
import KubeLedger

// The audit log adapter on arbitrary bytes.
runFuzzer { bytes in
    AuditLogAdapter(source: "fuzz").read(bytes) { _ in }
}
