import FuzzDriver
import KubeLedger

// The list snapshot adapter on arbitrary bytes.
runFuzzer { bytes in
    ListSnapshotAdapter(source: "fuzz").read(bytes) { _ in }
}
