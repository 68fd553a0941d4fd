import FuzzDriver
import KubeLedger

// ObjectDocumentReader on arbitrary bytes (JSON when they start with `{` or `[`).
runFuzzer { bytes in
    _ = try? ObjectDocumentReader().objects(from: bytes, source: "fuzz")
}
